import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';

// A repository that does not exist: `web` pulls shop/web, which exists; `ghost` pulls
// shop/ghost, which was never created (a typo in the image, or a pipeline that never pushed).
// The node role pulls every repository: only the missing one can fail the pull.

const ACCOUNT = '111122223333';
const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;

const deployment = (name: string, repository: string) => ({
  kind: 'Deployment' as const,
  namespace: 'shop',
  name,
  kubernetesId: name,
  images: [`${REGISTRY}/${repository}:1.0.0`],
  serviceAccount: 'default',
});

export const MISSING_REPOSITORY_SCENARIO: ScenarioInput = {
  name: 'missing-repository',
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
      ],
      repositories: [{ name: 'shop/web', region: 'us-east-1' }],
    },
  ],
  clusters: [
    {
      name: 'prod',
      account: ACCOUNT,
      region: 'us-east-1',
      imagePullAuth: 'node-role',
      token: 'prod-token-123456',
      nodeRole: 'eks-node-pullonly',
      nodes: 2,
      serviceAccounts: [{ namespace: 'shop', name: 'default' }],
      workloads: [
        deployment('web', 'shop/web'),
        deployment('ghost', 'shop/ghost'),
      ],
    },
  ],
};

/** The catalog: `web` and `ghost`, by `backstage.io/kubernetes-id`. */
export function missingRepositoryEntities(): Entity[] {
  return ['web', 'ghost'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  }));
}
