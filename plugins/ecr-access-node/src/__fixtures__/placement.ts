/* A cluster whose node roles depend on where pods run: a managed node group `general` whose
 * role pulls, a managed node group `batch` (tainted, scaled to zero) and Karpenter nodes of
 * the NodePool `gpu` (tainted as Karpenter's docs taint GPU pools) whose roles cannot. */
import { ClusterSnapshot, NodeGroup } from '../snapshot';
import {
  ACCT,
  cluster,
  deployment,
  iam,
  NODE_POLICY,
  role,
  snapshot,
} from './classify.builders';

export const GENERAL_ROLE = `arn:aws:iam::${ACCT}:role/eks-node-general`;
export const BATCH_ROLE = `arn:aws:iam::${ACCT}:role/eks-node-batch`;
export const GPU_ROLE = `arn:aws:iam::${ACCT}:role/KarpenterNodeRole-prod`;
const S3_ONLY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
};

/** Karpenter's GPU NodePool taint (karpenter.sh docs, "NodePools", taints). */
export const GPU_TAINT = {
  key: 'nvidia.com/gpu',
  value: 'true',
  effect: 'NoSchedule',
};

/** The toleration Karpenter's docs give GPU workloads ("Scheduling", taints). */
export const GPU_TOLERATION = {
  key: 'nvidia.com/gpu',
  operator: 'Exists',
  effect: 'NoSchedule',
};

function node(name: string, labels: Record<string, string>, taints?: object[]) {
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/zone': 'us-east-1a',
        ...labels,
      },
    },
    spec: {
      providerID: `aws:///us-east-1a/i-0${name.length}abc`,
      ...(taints && { taints }),
    },
    status: { nodeInfo: { kubeletVersion: 'v1.34.2-eks-113cf36' } },
  };
}

const GENERAL_NODE = node('ip-10-0-1-10.ec2.internal', {
  'eks.amazonaws.com/nodegroup': 'general',
  'eks.amazonaws.com/capacityType': 'ON_DEMAND',
});
const GPU_NODE = node(
  'ip-10-0-9-20.ec2.internal',
  {
    'karpenter.sh/nodepool': 'gpu',
    'karpenter.k8s.aws/instance-gpu-count': '1',
    'node.kubernetes.io/instance-type': 'g5.xlarge',
  },
  [GPU_TAINT],
);

/** The managed node groups as eks:DescribeNodegroup answers them (EKS's taint effects). */
const NODE_GROUPS: NodeGroup[] = [
  { name: 'general', nodeRoleArn: GENERAL_ROLE, labels: {}, taints: [] },
  {
    name: 'batch',
    nodeRoleArn: BATCH_ROLE,
    labels: { workload: 'batch' },
    taints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }],
  },
];

/**
 * The cluster with the Deployment `web` of this pod spec (nodeSelector, affinity,
 * tolerations); `gpuNodes: false` when the NodePool has no node (none launched yet).
 */
export function placedSnapshot(
  placement: Record<string, unknown>,
  opts: {
    gpuNodes?: boolean;
    nodeRoleArns?: string[];
    /** The GPU node's instance profile could not be read (ec2:DescribeInstances denied). */
    gpuProfileUnread?: boolean;
  } = {},
): ClusterSnapshot {
  const web = deployment();
  const spec = web.spec.template.spec as Record<string, unknown>;
  Object.assign(spec, placement);
  const gpu = opts.gpuNodes ?? true;
  return snapshot({
    cluster: cluster({ nodeRoleArns: opts.nodeRoleArns ?? [] }),
    deployments: [web],
    nodes: [GENERAL_NODE, ...(gpu ? [GPU_NODE] : [])],
    nodeGroups: NODE_GROUPS,
    ...(opts.gpuProfileUnread && {
      nodeInstanceProfilesUnread: [
        {
          nodes: [GPU_NODE.metadata.name],
          reason: 'ec2:DescribeInstances: UnauthorizedOperation',
        },
      ],
    }),
    nodeInstanceProfiles:
      gpu && !opts.gpuProfileUnread
        ? [
            {
              name: 'KarpenterNodeInstanceProfile-prod',
              roleArns: [GPU_ROLE],
              nodes: [GPU_NODE.metadata.name],
            },
          ]
        : [],
  });
}

/** The roles: general pulls (PullOnly-like), batch and the GPU pool's may read S3 only. */
export const placedIam = () =>
  iam(
    role(GENERAL_ROLE, { managedPolicies: [NODE_POLICY] }),
    role(BATCH_ROLE, { inlinePolicies: [S3_ONLY] }),
    role(GPU_ROLE, { inlinePolicies: [S3_ONLY] }),
  );
