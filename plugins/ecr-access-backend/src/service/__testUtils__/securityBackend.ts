import {
  BackstageCredentials,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
  permissionRules,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  catalogServiceRef,
  EntitiesSearchFilter,
} from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import { ecrAccessEntityRefreshPermission } from '@ecr-access/plugin-ecr-access-common';
import {
  catalogVisibleTo,
  isService,
  permissionsOfPolicy,
  recordingAuditor,
  userOf,
} from '@ecr-access/test-utils';
import { Knex } from 'knex';
import { entityResult, workload } from '../../__fixtures__/workloads';
import { DatabaseEcrAccessStore, EcrAccessStore } from '../../database';
import { createRouter } from '../router';
import { aggregateStatus } from '../../audit/pipeline';

export const TEAM_A = 'group:default/team-a';
export const TEAM_B = 'group:default/team-b';

/** The callers of the authorization matrix, by what the permission policy grants them. */
export const USERS = {
  /** Every permission. */
  allowed: 'user:default/allowed',
  /** The catalog's read permission, nothing of ecr-access. */
  reader: 'user:default/reader',
  /** Reads and refreshes what team-a owns (catalog condition `isEntityOwner`). */
  owner: 'user:default/owner',
  /** Reads entities of kind API only (catalog condition `isEntityKind`). */
  apiReader: 'user:default/api-reader',
  /** No permission at all. */
  denied: 'user:default/denied',
} as const;

function entity(kind: string, name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { owner },
    // The catalog's processors add this relation; the isEntityOwner rule reads it.
    relations: [{ type: RELATION_OWNED_BY, targetRef: owner }],
  };
}

/**
 * web (team-a) and shop (team-b) are audited components, petstore an audited API of team-b,
 * ghost a component of team-a that was never audited.
 */
export const CATALOG: Entity[] = [
  entity('Component', 'web', TEAM_A),
  entity('Component', 'shop', TEAM_B),
  entity('API', 'petstore', TEAM_B),
  entity('Component', 'ghost', TEAM_A),
];

const ownedByTeamA = catalogConditions.isEntityOwner({ claims: [TEAM_A] });
const ofKindApi = catalogConditions.isEntityKind({ kinds: ['api'] });

/** The permission policy under test, as a table: user → permission name → decision. */
function policyDecision(
  user: string | undefined,
  permission: Permission,
): PolicyDecision {
  const allow = { result: AuthorizeResult.ALLOW } as const;
  const deny = { result: AuthorizeResult.DENY } as const;
  const isRead = permission.name === catalogEntityReadPermission.name;
  switch (user) {
    case USERS.allowed:
      return allow;
    case USERS.reader:
      return isRead ? allow : deny;
    case USERS.owner:
      if (isRead || permission.name === ecrAccessEntityRefreshPermission.name) {
        return createCatalogConditionalDecision(
          permission as ResourcePermission<'catalog-entity'>,
          ownedByTeamA,
        );
      }
      return deny;
    case USERS.apiReader:
      return isRead
        ? createCatalogConditionalDecision(
            catalogEntityReadPermission,
            ofKindApi,
          )
        : deny;
    default:
      return deny;
  }
}

/**
 * The catalog's rules as the permissions registry hands them out (`getPermissionRuleset`):
 * by name, an unknown name an error. This test has no registry of its own to ask.
 */
const catalogRuleset: PermissionRuleset<
  Entity,
  EntitiesSearchFilter,
  'catalog-entity'
> = {
  getRuleByName(name) {
    const rule = Object.values(permissionRules).find(r => r.name === name);
    if (!rule) {
      throw new Error(
        `Permission rule '${name}' does not exist for resource type 'catalog-entity'`,
      );
    }
    return rule;
  },
};

const appliesTo = createConditionAuthorizer(catalogRuleset);

/** The catalog entities a caller may read, filtered as the catalog does with its rules. */
export function visibleEntities(credentials: BackstageCredentials): Entity[] {
  if (isService(credentials)) return CATALOG;
  const decision = policyDecision(
    userOf(credentials),
    catalogEntityReadPermission,
  );
  return CATALOG.filter(e => appliesTo(decision, e));
}

/**
 * The permissions service as the real ServerPermissionClient behaves: service principals
 * without access restrictions are allowed everything; a user's resource permission with a
 * `resourceRef` comes back definitive (the permission backend applies the conditions through
 * the catalog), and without one it may come back conditional.
 */
function permissionsOfTable() {
  return permissionsOfPolicy({
    authorize(request, credentials) {
      if (isService(credentials)) return { result: AuthorizeResult.ALLOW };
      const decision = policyDecision(userOf(credentials), request.permission);
      if (decision.result !== AuthorizeResult.CONDITIONAL) return decision;
      const resourceRef = (request as { resourceRef?: string }).resourceRef;
      const resource = CATALOG.find(e => stringifyEntityRef(e) === resourceRef);
      return {
        result: appliesTo(decision, resource)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    },
    authorizeConditional: (request, credentials) =>
      isService(credentials)
        ? { result: AuthorizeResult.ALLOW }
        : policyDecision(userOf(credentials), request.permission),
  });
}

/** Stored statuses of web, shop and petstore, and one failed run whose error names a host. */
async function seed(store: EcrAccessStore) {
  await store.writeClusterResults({
    cluster: 'prod',
    checkedAt: new Date('2026-11-23T10:00:00.000Z'),
    entities: [
      entityResult('web', [workload({ cluster: 'prod', name: 'web' })]),
      entityResult('shop', [workload({ cluster: 'prod', name: 'shop' })], {
        owner: TEAM_B,
      }),
      entityResult(
        'petstore',
        [
          workload({
            cluster: 'prod',
            name: 'petstore',
            entityRef: 'api:default/petstore',
          }),
        ],
        {
          entityRef: 'api:default/petstore',
          kind: 'API',
          owner: TEAM_B,
        },
      ),
    ],
  });
  await store.recordRun({
    cluster: 'edge',
    startedAt: new Date('2026-11-23T10:00:00.000Z'),
    finishedAt: new Date('2026-11-23T10:00:05.000Z'),
    status: 'failed',
    entityCount: 0,
    workloadCount: 0,
    counts: { byMechanism: {}, byHealth: {} },
    errors: [
      {
        cluster: 'edge',
        message:
          'request to https://10.0.0.1:443/apis/apps/v1/deployments?limit=500 failed, reason: connect ECONNREFUSED 10.0.0.1:443',
      },
    ],
    kubernetesRequests: 1,
    awsRequests: 0,
  });
}

/**
 * The plugin's router in a test backend, behind the backend's real authentication middleware,
 * on the given database, with the permission policy above and a refresher that only records
 * its calls (so that "refresh allowed" answers 200 without clusters).
 */
export async function startSecurityBackend(knex: Knex): Promise<{
  backend: TestBackend;
  server: TestBackend['server'];
  store: DatabaseEcrAccessStore;
  refreshEntity: jest.Mock<Promise<{ unreachable: never[] }>, [string]>;
}> {
  const refreshEntity = jest.fn(async (_entityRef: string) => ({
    unreachable: [],
  }));
  const { auditor } = recordingAuditor();
  const store = await DatabaseEcrAccessStore.create({
    database: mockServices.database({ knex }),
    aggregate: aggregateStatus,
  });
  const routerOnly = createBackendPlugin({
    pluginId: 'ecr-access',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          auth: coreServices.auth,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          auditor: coreServices.auditor,
          catalog: catalogServiceRef,
        },
        async init(deps) {
          deps.httpRouter.use(
            await createRouter({
              ...deps,
              store,
              refresher: { refreshEntity },
              visibilityTtlMs: 0,
            }),
          );
        },
      });
    },
  });
  const backend: TestBackend = await startTestBackend({
    features: [
      routerOnly,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      permissionsOfTable().factory,
      catalogVisibleTo(visibleEntities).factory,
      auditor.factory,
    ],
  });
  await seed(store);
  return { backend, server: backend.server, store, refreshEntity };
}

/** The Authorization header of each kind of caller; none for "no token", a bad one for "invalid". */
export function headersOf(
  caller: keyof typeof USERS | 'none' | 'invalid' | 'service',
): Record<string, string> {
  if (caller === 'none') return {};
  if (caller === 'invalid') {
    return { Authorization: mockCredentials.user.invalidHeader() };
  }
  if (caller === 'service') {
    return { Authorization: mockCredentials.service.header() };
  }
  return { Authorization: mockCredentials.user.header(USERS[caller]) };
}
