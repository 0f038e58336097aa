import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { catalogComponents } from '../../__fixtures__/catalogComponents';

// The world of the nodes and Pod Identity suite (#20): a node-role cluster whose default node
// group's role has AmazonEC2ContainerRegistryReadOnly and whose `batch` node group's role
// cannot pull, with Pod Identity associations; and a cluster declared to pull with
// service-account tokens whose tainted `legacy` node group still runs kubelet 1.33, where
// checkout is pinned, and where models names its Pod Identity role as its ECR pull role.

export const ACCOUNT = '111122223333';
const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

const S3_ONLY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
};
const PULL_SHOP = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Effect: 'Allow',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/shop/*`,
    },
  ],
};

const deployment = (
  namespace: string,
  name: string,
  over: Record<string, unknown> = {},
) => ({
  kind: 'Deployment' as const,
  namespace,
  name,
  kubernetesId: name,
  images: [`${REGISTRY}/shop/${name}:1.0.0`],
  serviceAccount: name,
  ...over,
});

export const NODES_SCENARIO: ScenarioInput = {
  name: 'nodes-and-pod-identity',
  accounts: [
    {
      id: ACCOUNT,
      credentials: [{ accessKeyId: 'AKIASANDBOXPLATFORM1' }],
      roles: [
        {
          name: 'eks-node-readonly',
          trust: { service: ['ec2.amazonaws.com'] },
          managedPolicies: [
            'AmazonEKSWorkerNodePolicy',
            'AmazonEC2ContainerRegistryReadOnly',
          ],
        },
        {
          name: 'eks-node-batch',
          trust: { service: ['ec2.amazonaws.com'] },
          inlinePolicies: { s3: S3_ONLY },
        },
        {
          name: 'eks-node-pullonly',
          trust: { service: ['ec2.amazonaws.com'] },
          managedPolicies: ['AmazonEC2ContainerRegistryPullOnly'],
        },
        {
          name: 'orders-pod-identity',
          trust: {
            document: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'pods.eks.amazonaws.com' },
                  Action: 'sts:AssumeRole',
                },
              ],
            },
          },
          inlinePolicies: { s3: S3_ONLY },
        },
        {
          name: 'ledger-pod-identity',
          trust: { podIdentity: true },
          inlinePolicies: { s3: S3_ONLY },
        },
        {
          name: 'ledger-irsa',
          trust: {
            irsa: [
              {
                cluster: 'nodes',
                namespace: 'ledger',
                serviceAccount: 'ledger',
              },
            ],
          },
          inlinePolicies: { s3: S3_ONLY },
        },
        {
          name: 'models-pod-identity',
          trust: { podIdentity: true },
          inlinePolicies: { pull: PULL_SHOP },
        },
        {
          name: 'checkout-pull',
          trust: {
            irsa: [
              {
                cluster: 'tokens',
                namespace: 'checkout',
                serviceAccount: 'checkout',
              },
            ],
          },
          inlinePolicies: { pull: PULL_SHOP },
        },
      ],
      repositories: [
        { name: 'shop/web', region: 'us-east-1' },
        { name: 'shop/orders', region: 'us-east-1' },
        { name: 'shop/ledger', region: 'us-east-1' },
        { name: 'shop/checkout', region: 'us-east-1' },
        { name: 'shop/models', region: 'us-east-1' },
      ],
    },
  ],
  clusters: [
    {
      name: 'nodes',
      account: ACCOUNT,
      region: 'us-east-1',
      imagePullAuth: 'node-role',
      token: 'nodes-token-123456',
      nodeRole: 'eks-node-readonly',
      nodeGroups: [{ name: 'batch', nodeRole: 'eks-node-batch', nodes: 1 }],
      serviceAccounts: [
        { namespace: 'web', name: 'web' },
        { namespace: 'orders', name: 'orders' },
        {
          namespace: 'ledger',
          name: 'ledger',
          annotations: { 'eks.amazonaws.com/role-arn': arn('ledger-irsa') },
        },
      ],
      podIdentityAssociations: [
        {
          namespace: 'orders',
          serviceAccount: 'orders',
          roleArn: arn('orders-pod-identity'),
        },
        {
          namespace: 'ledger',
          serviceAccount: 'ledger',
          roleArn: arn('ledger-pod-identity'),
        },
      ],
      workloads: [
        deployment('web', 'web'),
        deployment('orders', 'orders'),
        deployment('ledger', 'ledger'),
      ],
    },
    {
      name: 'tokens',
      account: ACCOUNT,
      region: 'us-east-1',
      imagePullAuth: 'service-account-token',
      token: 'tokens-token-123456',
      nodeRole: 'eks-node-pullonly',
      nodeGroups: [
        {
          name: 'legacy',
          nodeRole: 'eks-node-pullonly',
          nodes: 1,
          kubeletVersion: '1.33',
          taints: [{ key: 'legacy', value: 'true', effect: 'NoSchedule' }],
        },
      ],
      podIdentityAssociations: [
        {
          namespace: 'models',
          serviceAccount: 'models',
          roleArn: arn('models-pod-identity'),
        },
      ],
      serviceAccounts: [
        {
          namespace: 'checkout',
          name: 'checkout',
          annotations: {
            'eks.amazonaws.com/ecr-role-arn': arn('checkout-pull'),
          },
        },
        {
          namespace: 'models',
          name: 'models',
          annotations: {
            'eks.amazonaws.com/ecr-role-arn': arn('models-pod-identity'),
          },
        },
      ],
      workloads: [
        deployment('checkout', 'checkout', {
          nodeSelector: { 'eks.amazonaws.com/nodegroup': 'legacy' },
          tolerations: [{ key: 'legacy', operator: 'Exists' }],
        }),
        deployment('models', 'models'),
      ],
    },
  ],
};

/** The catalog: one Component per workload, by `backstage.io/kubernetes-id`. */
export function nodesEntities(): Entity[] {
  return catalogComponents(['web', 'orders', 'ledger', 'checkout', 'models']);
}
