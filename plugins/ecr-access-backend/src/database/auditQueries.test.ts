import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  entityResult,
  prodWebAndShop,
  stagingApi,
  workload,
} from '../__fixtures__/workloads';
import { aggregateStatus } from '../audit/pipeline';
import { DatabaseEcrAccessStore } from './DatabaseEcrAccessStore';
import type { AuditOrderField } from './EcrAccessStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const T1 = new Date('2026-11-23T10:00:00.000Z');
const T2 = new Date('2026-11-23T10:30:00.000Z');

/**
 * prod: web (node role, ok), shop (static secret expired, error, team-b, title "Shop front"),
 *       batch (rotating secret + anonymous, ok)
 * staging: api (IRSA with a too broad trust, warning); staging is then unreachable.
 */
async function seed(store: DatabaseEcrAccessStore) {
  await store.writeClusterResults({
    cluster: 'prod',
    checkedAt: T1,
    entities: [
      ...prodWebAndShop({ owner: 'Group:default/Team-B', title: 'Shop front' }),
      entityResult('batch', [
        workload({
          cluster: 'prod',
          name: 'batch',
          pullAuth: 'rotating-secret',
        }),
        workload({ cluster: 'prod', name: 'batch-2', pullAuth: 'anonymous' }),
      ]),
    ],
  });
  await store.writeClusterResults({
    cluster: 'staging',
    checkedAt: T1,
    entities: [stagingApi(['TRUST_POLICY_TOO_BROAD'])],
  });
  // A refresh of api that could not read staging: api alone is stale (a scheduled audit's
  // failure would make every entity stale).
  await store.markClusterUnreachable({
    cluster: 'staging',
    checkedAt: T2,
    error: 'timeout',
    entities: [entityResult('api', [])],
    partial: true,
  });
}

const refs = (result: { items: Array<{ entityRef: string }> }) =>
  result.items.map(i => i.entityRef);

describe.each(databases.eachSupportedId())('audit queries (%s)', databaseId => {
  let knex: Knex;
  let store: DatabaseEcrAccessStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseEcrAccessStore.create({
      aggregate: aggregateStatus,
      database: mockServices.database({ knex }),
    });
    await seed(store);
  });

  it('lists every entity with its facets, ordered by ref', async () => {
    const result = await store.listAudit({});
    expect(result.totalCount).toBe(4);
    expect(refs(result)).toEqual([
      'component:default/api',
      'component:default/batch',
      'component:default/shop',
      'component:default/web',
    ]);
    expect(result.items[1]).toEqual({
      entityRef: 'component:default/batch',
      kind: 'Component',
      namespace: 'default',
      name: 'batch',
      owner: 'group:default/team-a',
      health: 'ok',
      mechanisms: ['rotating-secret', 'anonymous'],
      findingCodes: [],
      clusters: ['prod'],
      stale: false,
      checkedAt: T1.toISOString(),
      summary:
        'Pulls use a rotating secret; pulls are anonymous (public images)',
      // No age in it: one part.
      summaryParts: [
        'Pulls use a rotating secret; pulls are anonymous (public images)',
      ],
    });
    expect(result.items[2]).toMatchObject({
      title: 'Shop front',
      owner: 'group:default/team-b',
      findingCodes: ['SECRET_EXPIRED'],
    });
  });

  it.each([
    [{ mechanism: 'static-secret' as const }, ['component:default/shop']],
    [{ health: 'error' as const }, ['component:default/shop']],
    [{ health: 'unknown' as const }, ['component:default/api']],
    [{ owner: 'group:default/team-b' }, ['component:default/shop']],
    [{ owner: 'Group:Default/Team-B' }, ['component:default/shop']],
    [{ cluster: 'staging' }, ['component:default/api']],
    [{ finding: 'CLUSTER_UNREACHABLE' as const }, ['component:default/api']],
    [{ finding: 'SECRET_EXPIRED' as const }, ['component:default/shop']],
    [{ stale: true }, ['component:default/api']],
    [
      { stale: false, cluster: 'prod', mechanism: 'anonymous' as const },
      ['component:default/batch'],
    ],
    [{ q: 'FRONT' }, ['component:default/shop']],
    [{ q: 'web' }, ['component:default/web']],
    [{ q: 'TEAM-B' }, ['component:default/shop']], // the owner's ref
    // The owners whose display name holds q, as the router resolves them from the catalog.
    [
      { q: 'Payments Squad', qOwners: ['Group:default/Team-B'] },
      ['component:default/shop'],
    ],
    [{ q: 'Payments Squad' }, []],
    [{ q: 'Payments Squad', qOwners: [] }, []],
    [{ q: '%' }, []], // a LIKE wildcard unless escaped
    // A finding code or a word of its title (-common's catalog): shop's SECRET_EXPIRED is
    // "The pull secret holds an expired ECR token"; api's TRUST_POLICY_TOO_BROAD "… admits
    // more than one ServiceAccount".
    [{ q: 'secret_exp' }, ['component:default/shop']],
    [{ q: 'Expired ECR token' }, ['component:default/shop']],
    [{ q: 'admits more than one' }, ['component:default/api']],
    [
      { entityRefs: ['Component:default/web', 'component:default/api'] },
      ['component:default/api', 'component:default/web'],
    ],
    [{ entityRefs: [] }, []],
  ])('filters by %j', async (filter, expected) => {
    const result = await store.listAudit(filter);
    expect(refs(result)).toEqual(expected);
    expect(result.totalCount).toBe(expected.length);
  });

  it("serves the sentence in parts, a secret's expiry as its instant, for the page's clock", async () => {
    const fresh = await DatabaseEcrAccessStore.create({
      aggregate: aggregateStatus,
      database: mockServices.database({
        knex: await databases.init(databaseId),
      }),
    });
    const invoice = workload({
      cluster: 'prod',
      name: 'invoice',
      pullAuth: 'static-secret',
    });
    const expiresAt = '2026-11-23T12:00:00.000Z';
    invoice.containers[0].secret = {
      namespace: 'shop',
      name: 'regcred',
      lastWriteAt: '2026-11-23T00:00:00.000Z',
      expiresAt,
    };
    await fresh.writeClusterResults({
      cluster: 'prod',
      checkedAt: T1,
      entities: [entityResult('invoice', [invoice])],
    });
    const [item] = (await fresh.listAudit({})).items;
    expect(item.summaryParts).toEqual([
      'Pulls use a static secret that ',
      { at: expiresAt, form: 'expires' },
    ]);
    // The stored sentence, worded when the audit stored it, stays as it was for the CSV.
    expect(item.summary).toMatch(/^Pulls use a static secret that expire/);
    const [exported] = (await fresh.listAuditPage({})).items;
    expect(exported.summaryParts).toBeUndefined();
  });

  it('paginates with the total count of the filtered set', async () => {
    const page = await store.listAudit({ offset: 1, limit: 2 });
    expect(refs(page)).toEqual([
      'component:default/batch',
      'component:default/shop',
    ]);
    expect(page.totalCount).toBe(4);
    const last = await store.listAudit({ offset: 4, limit: 2 });
    expect(last.items).toEqual([]);
    expect(last.totalCount).toBe(4);
  });

  it('orders by health, worst first when descending', async () => {
    const result = await store.listAudit({ orderBy: 'health', order: 'desc' });
    expect(result.items.map(i => i.health)).toEqual([
      'error',
      'unknown',
      'ok',
      'ok',
    ]);
    const byRefDesc = await store.listAudit({
      orderBy: 'entityRef',
      order: 'desc',
      limit: 1,
    });
    expect(refs(byRefDesc)).toEqual(['component:default/web']);
  });

  it('counts by mechanism and health over the filtered set', async () => {
    expect(await store.summarize({})).toEqual({
      byMechanism: {
        'node-role': 1,
        'static-secret': 1,
        'rotating-secret': 1,
        anonymous: 1,
        'service-account-role': 1,
      },
      byHealth: { ok: 2, error: 1, unknown: 1 },
    });
    expect(await store.summarize({ cluster: 'prod', health: 'ok' })).toEqual({
      byMechanism: { 'node-role': 1, 'rotating-secret': 1, anonymous: 1 },
      byHealth: { ok: 2 },
    });
    expect(
      await store.summarize({ entityRefs: ['component:default/shop'] }),
    ).toEqual({ byMechanism: { 'static-secret': 1 }, byHealth: { error: 1 } });
  });
});

describe.each(databases.eachSupportedId())(
  'audit queries at batch scale (%s)',
  databaseId => {
    it('writes more entities than a batch and filters by a long visibility list', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseEcrAccessStore.create({
        aggregate: aggregateStatus,
        database: mockServices.database({ knex }),
      });
      const names = Array.from({ length: 1200 }, (_, i) => `svc-${i}`);
      const written = await store.writeClusterResults({
        cluster: 'prod',
        checkedAt: T1,
        entities: names.map(n =>
          entityResult(n, [workload({ cluster: 'prod', name: n })]),
        ),
      });
      expect(written).toEqual({ entities: 1200, changed: 1200 });

      const visible = names
        .filter((_, i) => i % 2 === 0)
        .map(n => `component:default/${n}`);
      const result = await store.listAudit({ entityRefs: visible, limit: 10 });
      expect(result.totalCount).toBe(600);
      expect(result.items).toHaveLength(10);
      expect(
        (await store.summarize({ entityRefs: visible })).byMechanism,
      ).toEqual({ 'node-role': 600 });
    });

    it("lists each entity's facets in order on a page that walks its sort's index", async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseEcrAccessStore.create({
        aggregate: aggregateStatus,
        database: mockServices.database({ knex }),
      });
      // 520 match: past the 500 from which a page walks its order's index and stops at its
      // end, where SQLite reads the facets as a column of the page's query.
      const names = Array.from({ length: 520 }, (_, i) => `svc-${i}`);
      for (const cluster of ['zeta', 'alpha']) {
        await store.writeClusterResults({
          cluster,
          checkedAt: T1,
          entities: names.map(n =>
            entityResult(n, [
              workload({
                cluster,
                name: n,
                pullAuth: cluster === 'zeta' ? 'static-secret' : 'node-role',
                findings: ['TRUST_POLICY_TOO_BROAD', 'ROLE_NOT_FOUND'],
              }),
            ]),
          ),
        });
      }
      const orders: AuditOrderField[] = [
        'entityRef',
        'health',
        'checkedAt',
        'owner',
      ];
      for (const orderBy of orders) {
        const page = await store.listAudit({
          mechanism: 'node-role',
          orderBy,
          limit: 3,
        });
        expect(page.totalCount).toBe(520);
        expect(page.items).toHaveLength(3);
        for (const item of page.items) {
          expect(item.clusters).toEqual(['alpha', 'zeta']);
          expect(item.mechanisms).toEqual(['node-role', 'static-secret']);
          expect(item.findingCodes).toEqual([
            'ROLE_NOT_FOUND',
            'TRUST_POLICY_TOO_BROAD',
          ]);
        }
      }
      const exported = await store.listAuditPage({ limit: 2 });
      expect(exported.items.map(i => i.clusters)).toEqual([
        ['alpha', 'zeta'],
        ['alpha', 'zeta'],
      ]);
    });

    it("lists an entity's clusters and finding codes in order, whichever was written first", async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseEcrAccessStore.create({
        aggregate: aggregateStatus,
        database: mockServices.database({ knex }),
      });
      for (const cluster of ['zeta', 'alpha']) {
        await store.writeClusterResults({
          cluster,
          checkedAt: T1,
          entities: [
            entityResult('multi', [
              workload({
                cluster,
                name: `multi-${cluster}`,
                findings: ['TRUST_POLICY_TOO_BROAD', 'ROLE_NOT_FOUND'],
              }),
            ]),
          ],
        });
      }
      const [item] = (await store.listAudit({})).items;
      expect(item.clusters).toEqual(['alpha', 'zeta']);
      expect(item.findingCodes).toEqual([
        'ROLE_NOT_FOUND',
        'TRUST_POLICY_TOO_BROAD',
      ]);
    });
  },
);
