import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { catalogComponents } from '../../__fixtures__/catalogComponents';
import {
  SANDBOX_ACCOUNT as ACCOUNT,
  SANDBOX_REGISTRY as REGISTRY,
  sandboxAccount,
} from '../../__fixtures__/sandboxAccount';

// A repository that does not exist: `web` pulls shop/web, which exists; `ghost` pulls
// shop/ghost, which was never created (a typo in the image, or a pipeline that never pushed).
// The node role pulls every repository: only the missing one can fail the pull.

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
    sandboxAccount(
      { 'eks-node-pullonly': ['AmazonEC2ContainerRegistryPullOnly'] },
      ['shop/web'],
    ),
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
  return catalogComponents(['web', 'ghost']);
}
