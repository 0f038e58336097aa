import { FargateProfile } from '../snapshot';
import {
  ACCT,
  cluster,
  deployment,
  iam,
  NODE_ROLE,
  node,
  pullPolicy,
  role,
  snapshot,
} from './classify.builders';

/*
 * A mixed cluster: EC2 nodes whose role cannot pull, and Fargate profiles whose pod execution
 * roles can (as EKS's DescribeFargateProfile answers them, ACTIVE ones only).
 */

export const FARGATE_ROLE = `arn:aws:iam::${ACCT}:role/AmazonEKSFargatePodExecutionRole`;
export const OTHER_FARGATE_ROLE = `arn:aws:iam::${ACCT}:role/eks-fargate-batch`;

export function profile(
  name: string,
  selectors: FargateProfile['selectors'],
  podExecutionRoleArn = FARGATE_ROLE,
): FargateProfile {
  return { name, podExecutionRoleArn, selectors };
}

/** The review's case: only pods labelled compute=fargate in fgmix run on Fargate. */
export const LABELLED_PROFILE = profile('fp-fgmix', [
  { namespace: 'fgmix', labels: { compute: 'fargate' } },
]);

/** A Deployment in the namespace, its pod template with these labels (and scheduler). */
export function podsLabelled(
  ns: string,
  labels: Record<string, string>,
  schedulerName?: string,
) {
  const d = deployment({ ns });
  return {
    ...d,
    spec: {
      template: {
        metadata: { labels: { ...d.spec.template.metadata.labels, ...labels } },
        spec: {
          ...d.spec.template.spec,
          ...(schedulerName && { schedulerName }),
        },
      },
    },
  };
}

/** The node role cannot pull; both pod execution roles can. */
export const MIXED_IAM = iam(
  role(NODE_ROLE, { managedPolicies: [] }),
  role(FARGATE_ROLE, { inlinePolicies: [pullPolicy()] }),
  role(OTHER_FARGATE_ROLE, { inlinePolicies: [pullPolicy()] }),
);

export const EC2_NODE = node('ip-10-0-1-5.ec2.internal');
/** A Fargate node as the collector keeps it (one per Fargate pod; no node group label). */
export const FARGATE_NODE = {
  metadata: {
    name: 'fargate-ip-10-0-9-9.ec2.internal',
    labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
  },
  status: { nodeInfo: { kubeletVersion: 'v1.34.2-eks-113cf36' } },
};

/** The mixed cluster with these profiles (absent: not read) and workloads. */
export function mixedCluster(over: Parameters<typeof snapshot>[0] = {}) {
  return snapshot({
    cluster: cluster(),
    nodes: [EC2_NODE, FARGATE_NODE],
    ...over,
  });
}
