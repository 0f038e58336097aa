/* The nodes that pull (issue #20): node roles from node groups, their breadth, and the
 * credential provider's preflight on service-account-token clusters. */
import {
  ACCT,
  AUDIENCE_BINDING,
  AUDIENCE_ROLE,
  cluster,
  deployment,
  iam,
  node,
  NODE_ROLE,
  PULL_ROLE,
  role,
  serviceAccount,
  snapshot,
} from './classify.builders';
import { ClassifyFixture, noNodeRoles, ok, pullSa } from './classify.shared';

/** arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly, version v3, as AWS publishes it. */
export const READ_ONLY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
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
      ],
      Resource: '*',
    },
  ],
};

/** arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly, v1. */
export const PULL_ONLY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'ecr:GetAuthorizationToken',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchImportUpstreamImage',
      ],
      Resource: '*',
    },
  ],
};

const GROUP_ROLE = `arn:aws:iam::${ACCT}:role/eks-nodegroup-batch`;
const S3_ONLY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
};
const tokenCluster = cluster({ imagePullAuth: 'service-account-token' });
const pullIam = () => iam(role(PULL_ROLE, { ...iam().roles![2] }));

const legacyTaint = {
  key: 'legacy-kubelet',
  value: 'true',
  effect: 'NoSchedule',
};

export const nodesCases: ClassifyFixture[] = [
  {
    name: 'node role with AmazonEC2ContainerRegistryReadOnly (common mistake)',
    snapshot: snapshot(),
    iam: iam(role(NODE_ROLE, { managedPolicies: [READ_ONLY_POLICY] })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['NODE_ROLE_TOO_BROAD'],
    },
  },
  {
    name: 'node role with AmazonEC2ContainerRegistryPullOnly',
    snapshot: snapshot(),
    iam: iam(role(NODE_ROLE, { managedPolicies: [PULL_ONLY_POLICY] })),
    expected: ok('node-role'),
    nearMissOf: ['NODE_ROLE_TOO_BROAD', 'ROLE_LACKS_ECR_PULL'],
  },
  {
    name: 'node role found through its EKS node group, not config',
    snapshot: snapshot({
      cluster: noNodeRoles,
      nodeGroups: [{ name: 'batch', nodeRoleArn: GROUP_ROLE }],
    }),
    iam: iam(role(GROUP_ROLE, { managedPolicies: [S3_ONLY] })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: 'one node group of two cannot pull: pods on its nodes fail',
    snapshot: snapshot({
      nodeGroups: [{ name: 'batch', nodeRoleArn: GROUP_ROLE }],
    }),
    iam: iam(role(GROUP_ROLE, { managedPolicies: [S3_ONLY] })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: 'node groups unreadable and no nodeRoleArns: the node role is unknown',
    snapshot: snapshot({
      cluster: noNodeRoles,
      forbidden: { nodeGroups: true },
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
    nearMissOf: ['ROLE_LACKS_ECR_PULL'],
  },
  {
    name: 'a self-managed node: its role found through its instance profile cannot pull',
    snapshot: snapshot({
      cluster: noNodeRoles,
      nodeInstanceProfiles: [
        { name: 'karpenter', roleArns: [GROUP_ROLE], nodes: ['ip-10-0-3-5'] },
      ],
    }),
    iam: iam(role(GROUP_ROLE, { managedPolicies: [S3_ONLY] })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: 'a self-managed node whose instance profile has AmazonEC2ContainerRegistryReadOnly',
    snapshot: snapshot({
      cluster: noNodeRoles,
      nodeInstanceProfiles: [
        { name: 'karpenter', roleArns: [GROUP_ROLE], nodes: ['ip-10-0-3-5'] },
      ],
    }),
    iam: iam(role(GROUP_ROLE, { managedPolicies: [READ_ONLY_POLICY] })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['NODE_ROLE_TOO_BROAD'],
    },
  },
  {
    name: 'instance profiles of self-managed nodes unreadable: pulls there are unknown, not healthy',
    snapshot: snapshot({
      nodeInstanceProfilesUnread: [
        {
          nodes: ['ip-10-0-3-5'],
          reason: 'ec2:DescribeInstances: UnauthorizedOperation',
        },
      ],
    }),
    iam: iam(role(NODE_ROLE, { managedPolicies: [PULL_ONLY_POLICY] })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
  },
  {
    // Self-managed or Karpenter nodes are found only in the Nodes list: without it, the node
    // groups' roles may not be all the roles pods land on.
    name: 'Nodes cannot be listed and no nodeRoleArns: roles beyond the node groups are unknown',
    snapshot: {
      ...snapshot({
        cluster: noNodeRoles,
        nodeGroups: [{ name: 'general', nodeRoleArn: GROUP_ROLE }],
      }),
      forbidden: { nodes: true },
    },
    iam: iam(role(GROUP_ROLE, { managedPolicies: [PULL_ONLY_POLICY] })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
  },
  {
    name: 'Nodes cannot be listed, no node group and no nodeRoleArns: unknown, not "no node role"',
    snapshot: {
      ...snapshot({ cluster: noNodeRoles, nodeGroups: [] }),
      forbidden: { nodes: true },
    },
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
    nearMissOf: ['ROLE_LACKS_ECR_PULL'],
  },
  {
    // nodeRoleArns are, by their documentation, the roles of the nodes in no managed node group.
    name: "Nodes cannot be listed but nodeRoleArns name the other nodes' roles: known",
    snapshot: {
      ...snapshot({
        nodeGroups: [{ name: 'general', nodeRoleArn: GROUP_ROLE }],
      }),
      forbidden: { nodes: true },
    },
    iam: iam(
      role(GROUP_ROLE, { managedPolicies: [PULL_ONLY_POLICY] }),
      role(NODE_ROLE, { managedPolicies: [PULL_ONLY_POLICY] }),
    ),
    expected: ok('node-role'),
    nearMissOf: ['OBJECTS_NOT_READABLE'],
  },
  {
    name: 'service-account-token cluster with a 1.33 kubelet (common mistake)',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
      nodes: [
        node('ip-10-0-1-10.ec2.internal'),
        node('ip-10-0-2-20.ec2.internal', 'v1.33.5-eks-ba74326'),
      ],
    }),
    iam: pullIam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['CREDENTIAL_PROVIDER_NOT_READY'],
    },
    nearMissOf: ['IRSA_NOT_USED_FOR_PULLS'],
  },
  {
    name: 'service-account-token cluster whose old nodes are tainted away from the pod',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
      nodes: [
        node('ip-10-0-1-10.ec2.internal'),
        node('ip-10-0-2-20.ec2.internal', 'v1.33.5-eks-ba74326', {
          taints: [legacyTaint],
        }),
      ],
    }),
    iam: pullIam(),
    expected: ok('service-account-role'),
    nearMissOf: ['CREDENTIAL_PROVIDER_NOT_READY'],
  },
  {
    name: 'service-account-token cluster without the nodes audience RBAC',
    snapshot: {
      ...snapshot({
        cluster: tokenCluster,
        serviceAccounts: [pullSa],
        deployments: [deployment({ sa: 'web' })],
      }),
      clusterRoles: [AUDIENCE_ROLE],
      clusterRoleBindings: [
        {
          ...AUDIENCE_BINDING,
          subjects: [{ kind: 'Group', name: 'system:authenticated' }],
        },
      ],
    },
    iam: pullIam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['CREDENTIAL_PROVIDER_NOT_READY'],
    },
  },
  {
    name: 'service-account-token cluster whose Nodes cannot be listed',
    snapshot: {
      ...snapshot({
        cluster: tokenCluster,
        serviceAccounts: [pullSa],
        deployments: [deployment({ sa: 'web' })],
      }),
      nodes: undefined,
      forbidden: { nodes: true },
    },
    iam: pullIam(),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
    nearMissOf: ['CREDENTIAL_PROVIDER_NOT_READY'],
  },
  {
    name: 'node-role cluster with old kubelets needs no preflight',
    snapshot: snapshot({
      serviceAccounts: [serviceAccount()],
      nodes: [node('ip-10-0-2-20.ec2.internal', 'v1.31.0-eks-1')],
    }),
    iam: iam(),
    expected: ok('node-role'),
    nearMissOf: ['CREDENTIAL_PROVIDER_NOT_READY'],
  },
];
