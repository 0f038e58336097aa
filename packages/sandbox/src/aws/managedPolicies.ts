/**
 * The AWS managed policies EKS setups attach to node, Fargate and pull roles,
 * with their documents as AWS publishes them (ECR actions only where the
 * policy grants more).
 */
interface AwsManagedPolicy {
  name: string;
  path: string;
  description: string;
  document: string;
}

const allow = (actions: string[], resource: string | string[] = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }],
  });

export const AWS_MANAGED_POLICIES: AwsManagedPolicy[] = [
  {
    name: 'AmazonEC2ContainerRegistryReadOnly',
    path: '/',
    description:
      'Provides read-only access to Amazon EC2 Container Registry repositories.',
    document: allow([
      'ecr:GetAuthorizationToken',
      'ecr:BatchCheckLayerAvailability',
      'ecr:GetDownloadUrlForLayer',
      'ecr:GetRepositoryPolicy',
      'ecr:DescribeRepositories',
      'ecr:ListImages',
      'ecr:DescribeImages',
      'ecr:BatchGetImage',
      'ecr:GetLifecyclePolicy',
      'ecr:GetLifecyclePolicyPreview',
      'ecr:ListTagsForResource',
      'ecr:DescribeImageScanFindings',
    ]),
  },
  {
    name: 'AmazonEC2ContainerRegistryPullOnly',
    path: '/',
    description:
      'Provides read-only access to Amazon EC2 Container Registry repositories to pull images.',
    document: allow([
      'ecr:GetAuthorizationToken',
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
      'ecr:BatchImportUpstreamImage',
    ]),
  },
  {
    name: 'AmazonEC2ContainerRegistryPowerUser',
    path: '/',
    description:
      'Provides full access to Amazon EC2 Container Registry repositories, but does not allow repository deletion or policy changes.',
    document: allow(['ecr:*']),
  },
  {
    name: 'AmazonEKSWorkerNodePolicy',
    path: '/',
    description:
      'This policy allows Amazon EKS worker nodes to connect to Amazon EKS Clusters.',
    document: allow([
      'ec2:DescribeInstances',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVolumes',
      'ec2:DescribeVpcs',
      'eks:DescribeCluster',
      'eks-auth:AssumeRoleForPodIdentity',
    ]),
  },
  {
    name: 'AmazonEKS_CNI_Policy',
    path: '/',
    description:
      'This policy provides the Amazon VPC CNI Plugin the permissions it requires.',
    document: allow([
      'ec2:AssignPrivateIpAddresses',
      'ec2:AttachNetworkInterface',
      'ec2:CreateNetworkInterface',
      'ec2:DescribeInstances',
      'ec2:DescribeNetworkInterfaces',
    ]),
  },
  {
    name: 'AmazonEKSFargatePodExecutionRolePolicy',
    path: '/',
    description:
      'Provides access to other AWS service resources that are required to run Amazon EKS pods on AWS Fargate.',
    document: allow([
      'ecr:GetAuthorizationToken',
      'ecr:BatchCheckLayerAvailability',
      'ecr:GetDownloadUrlForLayer',
      'ecr:BatchGetImage',
    ]),
  },
  {
    name: 'AmazonS3ReadOnlyAccess',
    path: '/',
    description:
      'Provides read only access to all buckets via the AWS Management Console.',
    document: allow(['s3:Get*', 's3:List*', 's3:Describe*']),
  },
];
