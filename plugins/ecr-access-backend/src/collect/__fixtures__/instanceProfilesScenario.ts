import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { catalogComponents } from '../../__fixtures__/catalogComponents';

// Nodes in no managed node group (#20): cluster `mixed` has a managed default node group whose
// role pulls only, and two Karpenter nodes whose instance profile's role cannot pull; `web`
// runs there (its pods may land on either). No node role in config: the Karpenter role is
// found only through EC2 DescribeInstances and IAM GetInstanceProfile.

export const ACCOUNT = '111122223333';
export const PROFILE = 'KarpenterNodeInstanceProfile-mixed';
const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;

export const INSTANCE_PROFILES_SCENARIO: ScenarioInput = {
  name: 'instance-profiles',
  accounts: [
    {
      id: ACCOUNT,
      credentials: [{ accessKeyId: 'AKIASANDBOXPLATFORM1' }],
      roles: [
        {
          name: 'eks-node-pullonly',
          trust: { service: ['ec2.amazonaws.com'] },
          managedPolicies: ['AmazonEC2ContainerRegistryPullOnly'],
        },
        {
          name: 'eks-node-karpenter-mixed',
          trust: { service: ['ec2.amazonaws.com'] },
          managedPolicies: ['AmazonEKSWorkerNodePolicy'],
        },
      ],
      repositories: [{ name: 'shop/web', region: 'us-east-1' }],
    },
  ],
  clusters: [
    {
      name: 'mixed',
      account: ACCOUNT,
      region: 'us-east-1',
      imagePullAuth: 'node-role',
      token: 'mixed-token-123456',
      nodeRole: 'eks-node-pullonly',
      nodes: 2,
      selfManagedNodes: [
        {
          name: 'default',
          instanceProfile: PROFILE,
          role: 'eks-node-karpenter-mixed',
          nodes: 2,
        },
      ],
      serviceAccounts: [{ namespace: 'web', name: 'web' }],
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'web',
          name: 'web',
          kubernetesId: 'web',
          images: [`${REGISTRY}/shop/web:1.0.0`],
          serviceAccount: 'web',
        },
      ],
    },
  ],
};

/** The catalog: `web`, by `backstage.io/kubernetes-id`. */
export function instanceProfilesEntities(): Entity[] {
  return catalogComponents(['web']);
}
