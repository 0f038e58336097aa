import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PermissionRuleParams,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  catalogVisibleTo,
  permissionsOfPolicy,
  userOf,
} from '@ecr-access/test-utils';
import { EcrAccessStore } from '../database';
import { prodWebAndShop, stagingApi } from './workloads';

export const ALICE = 'user:default/alice'; // reads everything, may refresh, export and read runs
export const BOB = 'user:default/bob'; // reads only web (conditional), may export
export const CAROL = 'user:default/carol'; // reads nothing

export const CHECKED_AT = new Date('2026-11-23T10:00:00.000Z');

function component(name: string, annotated = true): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: annotated ? { 'backstage.io/kubernetes-id': name } : {},
    },
    spec: { type: 'service', owner: 'team-a' },
  };
}

/** web, shop and api are audited; ghost is in the catalog but never audited. */
export const CATALOG_ENTITIES = [
  component('web'),
  component('shop'),
  component('api'),
  component('ghost'),
  component('docs', false),
];

function visibleTo(credentials: BackstageCredentials): Entity[] {
  const user = userOf(credentials);
  if (user === ALICE) return CATALOG_ENTITIES;
  if (user === BOB)
    return CATALOG_ENTITIES.filter(e => e.metadata.name === 'web');
  return [];
}

/** A catalog that, like the real one, returns only what the caller may read. */
export function permissionAwareCatalog() {
  return catalogVisibleTo(visibleTo);
}

/** The catalog's conditional decision "only entities the caller owns", with the rule's params. */
export function ownerCondition(
  params: PermissionRuleParams = {},
): PolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params,
    },
  };
}

const CONDITIONAL = ownerCondition({ claims: [BOB] });

/** alice: all allowed; bob: conditional read, export only (no runs); carol: all denied. */
export function userPermissions() {
  const allowed: Record<string, string[]> = {
    [ALICE]: [
      'ecr-access.entity.refresh',
      'ecr-access.audit.export',
      'ecr-access.audit.runs.read',
    ],
    [BOB]: ['ecr-access.audit.export'],
  };
  return permissionsOfPolicy({
    authorize: (request, credentials) => ({
      result: allowed[userOf(credentials) ?? '']?.includes(
        request.permission.name,
      )
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    }),
    authorizeConditional: (_request, credentials) => {
      const user = userOf(credentials);
      if (user === ALICE) return { result: AuthorizeResult.ALLOW };
      if (user === BOB) return CONDITIONAL;
      return { result: AuthorizeResult.DENY };
    },
  });
}

/**
 * web: node role, ok (prod). shop: static secret expired, error, title with a comma and a
 * quote (prod). api: IRSA, ok (staging).
 */
export async function seedStatuses(store: EcrAccessStore) {
  await store.writeClusterResults({
    cluster: 'prod',
    checkedAt: CHECKED_AT,
    entities: prodWebAndShop({ title: 'Shop, "the" front' }),
  });
  await store.writeClusterResults({
    cluster: 'staging',
    checkedAt: CHECKED_AT,
    entities: [stagingApi()],
  });
}
