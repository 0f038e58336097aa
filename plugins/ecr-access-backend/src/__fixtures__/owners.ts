import type { Entity } from '@backstage/catalog-model';

/**
 * Owners as the catalog holds them: a group with `metadata.title`, a group with only
 * `spec.profile.displayName` (as org providers write it), and a user with neither.
 */
export const OWNER_ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', title: 'Team Alpha' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-b' },
    spec: {
      type: 'team',
      profile: { displayName: 'Payments Squad' },
      children: [],
    },
  },
];
