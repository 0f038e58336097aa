import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { catalogComponents } from '../../__fixtures__/catalogComponents';
import { prodScenario, REGISTRY } from '../../__fixtures__/prodCluster';

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

export const MISSING_REPOSITORY_SCENARIO: ScenarioInput = prodScenario(
  'missing-repository',
  {
    nodeRole: 'eks-node-pullonly',
    nodes: 2,
    serviceAccounts: [{ namespace: 'shop', name: 'default' }],
    workloads: [
      deployment('web', 'shop/web'),
      deployment('ghost', 'shop/ghost'),
    ],
  },
  {
    nodeRoles: { 'eks-node-pullonly': ['AmazonEC2ContainerRegistryPullOnly'] },
    repositories: ['shop/web'],
  },
);

/** The catalog: `web` and `ghost`, by `backstage.io/kubernetes-id`. */
export function missingRepositoryEntities(): Entity[] {
  return catalogComponents(['web', 'ghost']);
}
