import { TestDatabases } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import {
  headersOf,
  startSecurityBackend,
} from './__testUtils__/securityBackend';

jest.setTimeout(60_000);

/**
 * Every route of the API × every kind of caller → the status it must answer. The routes come
 * from `src/schema/openapi.yaml` (which `openapi.test.ts` holds equal to the router's), so a
 * route added to the API without a row here fails this test.
 */

type Caller =
  | 'none'
  | 'invalid'
  | 'allowed'
  | 'reader'
  | 'owner'
  | 'denied'
  | 'service';

const CALLERS: Caller[] = [
  'none', // no token
  'invalid', // a token that does not verify
  'allowed', // a user with every permission
  'reader', // a user who may read the catalog, and nothing of ecr-access
  'owner', // a user with conditional decisions: reads and refreshes what team-a owns
  'denied', // a user denied everything
  'service', // a service token (no access restrictions)
];

interface Row {
  operationId: string;
  method: 'get' | 'post';
  path: string;
  expected: Record<Caller, number>;
}

interface Operation {
  operationId: string;
  method: string;
  template: string;
}

const spec = parse(
  readFileSync(resolve(__dirname, '../schema/openapi.yaml'), 'utf8'),
) as { paths: Record<string, Record<string, { operationId: string }>> };

const OPERATIONS: Operation[] = Object.entries(spec.paths).flatMap(
  ([template, methods]) =>
    Object.entries(methods).map(([method, { operationId }]) => ({
      operationId,
      method,
      template,
    })),
);

const row = (
  operationId: string,
  method: Row['method'],
  path: string,
  expected: Omit<Record<Caller, number>, 'none' | 'invalid'>,
): Row => ({
  operationId,
  method,
  path,
  expected: { none: 401, invalid: 401, ...expected },
});

/** web: team-a's (the owner reads it); shop: team-b's (hidden from the owner). */
const MATRIX: Row[] = [
  // Read access follows the catalog's read permission; an entity one may not read is a 404,
  // the same answer as an entity never audited, so that existence does not leak.
  ...(['status', 'history'] as const).flatMap(route => {
    const id = route === 'status' ? 'GetEntityStatus' : 'GetEntityHistory';
    return [
      row(id, 'get', `/entities/component/default/web/${route}`, {
        allowed: 200,
        reader: 200,
        owner: 200,
        denied: 404,
        service: 200,
      }),
      row(id, 'get', `/entities/component/default/shop/${route}`, {
        allowed: 200,
        reader: 200,
        owner: 404,
        denied: 404,
        service: 200,
      }),
    ];
  }),
  // In the catalog with the Kubernetes annotations but never audited: "not yet checked"
  // for whoever may read it, the same 404 as for any other entity to the others.
  row('GetEntityStatus', 'get', '/entities/component/default/ghost/status', {
    allowed: 200,
    reader: 200,
    owner: 200,
    denied: 404,
    service: 200,
  }),
  // Not in the catalog at all: the same 404.
  row('GetEntityStatus', 'get', '/entities/component/default/nowhere/status', {
    allowed: 404,
    reader: 404,
    owner: 404,
    denied: 404,
    service: 404,
  }),
  // Refresh: 404 when the entity cannot be read, else 403 without ecr-access.entity.refresh
  // (the owner holds it conditionally, for team-a's entities).
  row('RefreshEntity', 'post', '/entities/component/default/web/refresh', {
    allowed: 200,
    reader: 403,
    owner: 200,
    denied: 404,
    service: 200,
  }),
  row('RefreshEntity', 'post', '/entities/component/default/shop/refresh', {
    allowed: 200,
    reader: 403,
    owner: 404,
    denied: 404,
    service: 200,
  }),
  // The audit list is filtered rather than refused (what each caller sees: below).
  row('GetAudit', 'get', '/audit', {
    allowed: 200,
    reader: 200,
    owner: 200,
    denied: 200,
    service: 200,
  }),
  row('GetAudit', 'get', '/audit?format=csv', {
    allowed: 200,
    reader: 403,
    owner: 403,
    denied: 403,
    service: 200,
  }),
  // The pickers' values: filtered like the list (a caller denied everything gets empty lists).
  row('GetAuditFacets', 'get', '/audit/facets', {
    allowed: 200,
    reader: 200,
    owner: 200,
    denied: 200,
    service: 200,
  }),
  row('GetAuditRuns', 'get', '/audit/runs', {
    allowed: 200,
    reader: 403,
    owner: 403,
    denied: 403,
    service: 200,
  }),
  // Node role ARNs and cluster config describe clusters, not entities: the runs' permission,
  // which a reader of the whole catalog does not hold either.
  row('GetClusterPullSetups', 'get', '/audit/clusters', {
    allowed: 200,
    reader: 403,
    owner: 403,
    denied: 403,
    service: 200,
  }),
];

/** `/entities/{kind}/…` as a regular expression over a concrete path without its query. */
function matches(template: string, path: string): boolean {
  const pattern = template
    .split(/\{\w+\}/)
    .map(part => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${pattern}$`).test(path.split('?')[0]);
}

describe('authorization matrix: coverage of the OpenAPI spec', () => {
  it('reads the operations of the spec', () => {
    expect(OPERATIONS.map(o => o.operationId).sort()).toEqual([
      'GetAudit',
      'GetAuditFacets',
      'GetAuditRuns',
      'GetClusterPullSetups',
      'GetEntityHistory',
      'GetEntityStatus',
      'RefreshEntity',
    ]);
  });

  it.each(OPERATIONS)(
    'has a row for $operationId ($method $template)',
    operation => {
      const rows = MATRIX.filter(r => r.operationId === operation.operationId);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.method).toBe(operation.method);
        expect(matches(operation.template, r.path)).toBe(true);
      }
    },
  );

  it('names only operations of the spec', () => {
    const known = new Set(OPERATIONS.map(o => o.operationId));
    expect(MATRIX.filter(r => !known.has(r.operationId))).toEqual([]);
  });
});

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'authorization matrix (%s)',
  databaseId => {
    let started: Awaited<ReturnType<typeof startSecurityBackend>>;

    beforeAll(async () => {
      started = await startSecurityBackend(await databases.init(databaseId));
    });

    afterAll(() => started.backend.stop());

    const call = (method: Row['method'], path: string, caller: Caller) =>
      request(started.server)
        [method](`/api/ecr-access${path}`)
        .set(headersOf(caller));

    describe.each(MATRIX)('$operationId: $method $path', r => {
      it.each(CALLERS)('caller %s', async caller => {
        const res = await call(r.method, r.path, caller);
        // Refusals never carry a stack trace (the backend's error handler in production).
        expect({
          caller,
          status: res.status,
          stack: res.body?.error?.stack,
        }).toEqual({ caller, status: r.expected[caller], stack: undefined });
      });
    });

    const refs = (body: { items: Array<{ entityRef: string }> }) =>
      body.items.map(i => i.entityRef).sort();

    it.each([
      [
        'allowed',
        [
          'api:default/petstore',
          'component:default/shop',
          'component:default/web',
        ],
      ],
      [
        'service',
        [
          'api:default/petstore',
          'component:default/shop',
          'component:default/web',
        ],
      ],
      ['owner', ['component:default/web']], // isEntityOwner team-a
      ['apiReader', ['api:default/petstore']], // isEntityKind api
      ['denied', []],
    ] as const)(
      'filters /audit for %s by the catalog decision',
      async (caller, expected) => {
        const res = await request(started.server)
          .get('/api/ecr-access/audit')
          .set(headersOf(caller));
        expect(res.status).toBe(200);
        expect(refs(res.body)).toEqual(expected);
        expect(res.body.totalCount).toBe(expected.length);
        const counted = Object.values(
          res.body.summary.byHealth as Record<string, number>,
        ).reduce((a, b) => a + b, 0);
        expect(counted).toBe(expected.length);
      },
    );

    it('answers an entity one may not read exactly like one that does not exist', async () => {
      const hidden = await call(
        'get',
        '/entities/component/default/shop/status',
        'owner',
      );
      const missing = await call(
        'get',
        '/entities/component/default/shoq/status',
        'allowed',
      );
      expect(hidden.status).toBe(404);
      expect(hidden.body.error).toEqual({
        ...missing.body.error,
        message: missing.body.error.message.replace('shoq', 'shop'),
      });
    });

    it('refreshes only for a caller holding the refresh permission on the entity', async () => {
      started.refreshEntity.mockClear();
      await call('post', '/entities/component/default/web/refresh', 'reader');
      await call('post', '/entities/component/default/shop/refresh', 'owner');
      await call('post', '/entities/component/default/web/refresh', 'denied');
      expect(started.refreshEntity).not.toHaveBeenCalled();
      await call('post', '/entities/component/default/web/refresh', 'owner');
      expect(started.refreshEntity.mock.calls).toEqual([
        ['component:default/web'],
      ]);
    });
  },
);
