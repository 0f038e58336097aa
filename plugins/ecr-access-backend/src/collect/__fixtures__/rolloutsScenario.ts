import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { catalogComponents } from '../../__fixtures__/catalogComponents';
import { prodScenario, REGISTRY } from '../../__fixtures__/prodCluster';

// Argo Rollouts as their docs write them
// (https://argo-rollouts.readthedocs.io/en/stable/features/specification/): `checkout` with its
// own pod template, `cart` with `spec.workloadRef` to a Deployment scaled to zero that keeps the
// template and carries no entity label ("Migrating to Rollouts"). cart's template pulls
// shop/cart-ghost, which was never created: only reading the referenced template finds it.

const ROLLOUT = 'argoproj.io/v1alpha1';

function rollout(name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: ROLLOUT,
    kind: 'Rollout',
    metadata: {
      name,
      namespace: 'shop',
      labels: { 'backstage.io/kubernetes-id': name },
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 2,
      selector: { matchLabels: { app: name } },
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
      ...spec,
    },
  };
}

/** An env value a Rollout's pods get, which the collector must never keep. */
export const ROLLOUT_ENV_VALUE = 'sk_live_rollout_env_value_0001';

const template = (app: string, image: string) => ({
  metadata: { labels: { app } },
  spec: {
    containers: [
      {
        name: app,
        image,
        env: [{ name: 'PAYMENTS_API_KEY', value: ROLLOUT_ENV_VALUE }],
      },
    ],
  },
});

export const ROLLOUTS_SCENARIO: ScenarioInput = prodScenario(
  'argo-rollouts',
  {
    nodeRole: 'eks-node-pullonly',
    nodes: 2,
    serviceAccounts: [{ namespace: 'shop', name: 'default' }],
    manifests: [
      {
        objects: [
          rollout('checkout', {
            template: template('checkout', `${REGISTRY}/shop/checkout:1.4.0`),
          }),
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: {
              name: 'cart-template',
              namespace: 'shop',
              labels: { app: 'cart' },
            },
            spec: {
              replicas: 0,
              selector: { matchLabels: { app: 'cart' } },
              template: template('cart', `${REGISTRY}/shop/cart-ghost:2.0.0`),
            },
          },
          rollout('cart', {
            workloadRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'cart-template',
              scaleDown: 'progressively',
            },
          }),
        ],
      },
    ],
  },
  {
    nodeRoles: { 'eks-node-pullonly': ['AmazonEC2ContainerRegistryPullOnly'] },
    repositories: ['shop/checkout'],
  },
);

/** The catalog: `checkout` and `cart`, by `backstage.io/kubernetes-id`. */
export function rolloutsEntities(): Entity[] {
  return catalogComponents(['checkout', 'cart']);
}
