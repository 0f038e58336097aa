import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { catalogComponents } from '../../__fixtures__/catalogComponents';
import { prodScenario, REGISTRY } from '../../__fixtures__/prodCluster';

// Entities the audit finds no workload for: `worker` runs only as a bare Pod (as an operator
// makes them: a kind the audit does not list), `mobile-bff` is deployed nowhere.
// `web` is a Deployment the node role pulls for, so that `?health=ok` has something to list.

export const NO_WORKLOADS_SCENARIO: ScenarioInput = prodScenario(
  'no-workloads',
  {
    nodeRole: 'eks-node-pullonly',
    nodes: 2,
    serviceAccounts: [{ namespace: 'shop', name: 'default' }],
    workloads: [
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        kubernetesId: 'web',
        images: [`${REGISTRY}/shop/web:1.0.0`],
        serviceAccount: 'default',
      },
    ],
    manifests: [
      {
        object: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'worker-7d9f8',
            namespace: 'shop',
            labels: { 'backstage.io/kubernetes-id': 'worker' },
          },
          spec: {
            serviceAccountName: 'default',
            containers: [
              { name: 'worker', image: `${REGISTRY}/shop/worker:2.1.0` },
            ],
          },
        },
      },
    ],
  },
  {
    nodeRoles: { 'eks-node-pullonly': ['AmazonEC2ContainerRegistryPullOnly'] },
    repositories: ['shop/web', 'shop/worker'],
  },
);

/** The catalog: `web`, `worker` and `mobile-bff`, by `backstage.io/kubernetes-id`. */
export function noWorkloadsEntities(): Entity[] {
  return catalogComponents(['web', 'worker', 'mobile-bff']);
}
