import type { Entity } from '@backstage/catalog-model';

/**
 * Catalog Components found by `backstage.io/kubernetes-id` (the name), owned by team-a: the
 * catalog of a scenario whose workloads carry those ids.
 */
export function catalogComponents(names: string[]): Entity[] {
  return names.map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  }));
}
