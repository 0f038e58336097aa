import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import type { Sandbox } from '@ecr-access/sandbox';
import { sandboxAppConfig } from '@ecr-access/test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { ecrAccessPlugin } from '../../plugin';
import { actorKeepingAuth } from '@ecr-access/test-utils';
import { userInfoWithGroups } from './callerServices';
import {
  ownersMayRefreshPolicyModule,
  PARTNERS,
} from './ownersMayRefreshPolicy';

export const TEAM_A = 'group:default/team-a';
export const TEAM_B = 'group:default/team-b';

/** The signed-in users, by the group the sign-in resolver would find them in. */
export const USERS = {
  /** team-a: owns payments-api. */
  alice: 'user:default/alice',
  /** team-b: owns orders-worker and loyalty-api. */
  bob: 'user:default/bob',
  /** partners: reads the catalog's APIs only, owns nothing. */
  carol: 'user:default/carol',
} as const;

const GROUPS_OF: Record<string, string[]> = {
  [USERS.alice]: [TEAM_A],
  [USERS.bob]: [TEAM_B],
  [USERS.carol]: [PARTNERS],
};

/** Services of the sandbox's demo scenario, under owners and kinds of this test's own. */
function audited(kind: 'Component' | 'API', name: string, owner: string) {
  const spec =
    kind === 'API'
      ? { type: 'openapi', definition: 'openapi: 3.0.0' }
      : { type: 'service' };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { ...spec, lifecycle: 'production', owner },
  };
}

const group = (ref: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: ref.split('/')[1] },
  spec: { type: 'team', children: [] },
});

/** The catalog's entities, read from a file location as an installation's catalog would. */
export const AUDITED_REFS = [
  'component:default/payments-api',
  'component:default/orders-worker',
  'api:default/loyalty-api',
];

function writeCatalogFile(folder: string): string {
  const file = path.join(folder, 'catalog-info.yaml');
  const entities = [
    audited('Component', 'payments-api', TEAM_A),
    audited('Component', 'orders-worker', TEAM_B),
    audited('API', 'loyalty-api', TEAM_B),
    ...[TEAM_A, TEAM_B, PARTNERS].map(group),
  ];
  fs.writeFileSync(file, entities.map(e => stringify(e)).join('---\n'));
  return file;
}

/** Until the catalog has processed each entity, with the owner relation the rule reads. */
async function catalogProcessed(backend: TestBackend) {
  const service = mockCredentials.service.header();
  for (const ref of AUDITED_REFS) {
    const [kind, rest] = ref.split(':');
    const url = `/api/catalog/entities/by-name/${kind}/${rest}`;
    for (let attempt = 0; ; attempt++) {
      const res = await request(backend.server)
        .get(url)
        .set('Authorization', service);
      const relations = (res.body as Entity | undefined)?.relations ?? [];
      if (relations.some(r => r.type === RELATION_OWNED_BY)) break;
      if (attempt === 300) {
        throw new Error(`The catalog never processed ${ref}`);
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

/**
 * The plugin over the sandbox in a backend with the real permission backend, the policy of
 * `OwnersMayRefreshPolicy`, and the real catalog, which reads its entities from a file
 * location and whose processors add the ownedBy relations. The scheduled audit does not run:
 * statuses come from refreshes. Each plugin has its own in-memory SQLite database.
 */
export async function startRealPolicyBackend(sandbox: Sandbox) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-access-policy-'));
  const config = {
    ...sandboxAppConfig(sandbox),
    permission: { enabled: true },
    catalog: {
      locations: [{ type: 'file', target: writeCatalogFile(folder) }],
      rules: [{ allow: ['Component', 'API', 'Group'] }],
    },
  };
  const backend = await startTestBackend({
    features: [
      ecrAccessPlugin,
      catalogBackend,
      permissionBackend,
      ownersMayRefreshPolicyModule,
      actorKeepingAuth,
      userInfoWithGroups(GROUPS_OF),
      mockServices.rootConfig.factory({ data: config }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
    ],
  });
  await catalogProcessed(backend);
  return {
    backend,
    stop: async () => {
      await backend.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The Authorization header of a signed-in user, or of a service. */
export function headerOf(caller: keyof typeof USERS | 'service'): string {
  return caller === 'service'
    ? mockCredentials.service.header()
    : mockCredentials.user.header(USERS[caller]);
}
