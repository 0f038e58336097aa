import { entityResult, workload } from '../__fixtures__/workloads';
import { describeStore } from '../__testUtils__/testStore';
import { countsFromTable } from './auditCounts';

jest.setTimeout(120_000);

const CLUSTERS = 6;
/** Several write batches (1,000 entities each). */
const ENTITIES = 2500;
/** Entities of the catalog with workloads on no cluster, after the others. */
const IDLE = 1200;

const catalog = () =>
  Array.from({ length: ENTITIES + IDLE }, (_, i) =>
    entityResult(`svc-${i}`, []),
  );

/**
 * A scheduled audit names every audited entity of the catalog; entity i < ENTITIES runs
 * on cluster i % 6 only, the IDLE others nowhere.
 */
function firstAudit(c: number) {
  const cluster = `c${c}`;
  return {
    cluster,
    checkedAt: new Date(Date.UTC(2026, 11, 4, 10)),
    entities: Array.from({ length: ENTITIES + IDLE }, (_, i) =>
      entityResult(
        `svc-${i}`,
        i < ENTITIES && i % CLUSTERS === c
          ? [workload({ cluster, name: `svc-${i}` })]
          : [],
      ),
    ),
  };
}

describeStore("every cluster's first audit at once", db => {
  it('stores every entity once, with the workloads of the cluster it runs on', async () => {
    const { knex, store } = db;
    // Two replicas read the catalog at once, then every cluster's audit writes at once.
    const created = await Promise.all([
      store.createMissingEntities(catalog()),
      store.createMissingEntities(catalog()),
    ]);
    expect(created[0] + created[1]).toBe(ENTITIES + IDLE);
    await Promise.all(
      Array.from({ length: CLUSTERS }, (_, c) =>
        store.writeClusterResults(firstAudit(c)),
      ),
    );
    const [{ stored }] = await knex('ecr_access_entities').count({
      stored: '*',
    });
    expect(Number(stored)).toBe(ENTITIES + IDLE);
    expect((await countsFromTable(knex, {}))?.totalCount).toBe(ENTITIES + IDLE);
    for (const i of [0, 1, 1234, ENTITIES - 1]) {
      const status = await store.getEntityStatus(`component:default/svc-${i}`);
      expect(status?.status.workloads.map(w => w.cluster)).toEqual([
        `c${i % CLUSTERS}`,
      ]);
    }
    // Created before any cluster was read, then checked by the first reads.
    for (const i of [ENTITIES, ENTITIES + IDLE - 1]) {
      const status = await store.getEntityStatus(`component:default/svc-${i}`);
      expect(status?.summary).toBe('No workloads found');
      expect(status?.status).toMatchObject({
        health: 'unknown',
        workloads: [],
      });
      expect(status?.status.findings.map(f => f.code)).toEqual([
        'NO_WORKLOADS_FOUND',
      ]);
      expect(status?.status.clusters.map(c => c.cluster)).toEqual(
        Array.from({ length: CLUSTERS }, (_, c) => `c${c}`),
      );
    }
    const summary = (await countsFromTable(knex, {}))?.summary;
    // The idle ones only: checked, and nothing found is not healthy.
    expect(summary?.byHealth.unknown).toBe(IDLE);
  });

  it('says "not yet checked", never ok, for an entity created before any read', async () => {
    const { store } = db;
    await store.createMissingEntities(catalog().slice(0, 3));
    const status = await store.getEntityStatus('component:default/svc-1');
    expect(status?.status).toMatchObject({
      health: 'unknown',
      checked: false,
    });
    expect(status?.summary).toMatch(/^Not yet checked/);
    // Nothing missing any more: a second catalog read creates nothing.
    expect(await store.createMissingEntities(catalog().slice(0, 3))).toBe(0);
  });

  it("leaves entities without workloads out of a cluster's write", async () => {
    const { knex, store } = db;
    const written = await store.writeClusterResults(firstAudit(0));
    // Those running on c0: every sixth of the first ENTITIES.
    const onC0 = Math.ceil(ENTITIES / CLUSTERS);
    expect(written.entities).toBe(onC0);
    const [{ stored }] = await knex('ecr_access_entities').count({
      stored: '*',
    });
    expect(Number(stored)).toBe(onC0);
    // One without a status is "not yet checked" where it is served, never a 404 or ok.
    const idle = entityResult(`svc-${ENTITIES}`, []);
    const status = await store.getEntityStatus(idle.entityRef, {
      ifNotAudited: idle,
    });
    expect(status?.status).toMatchObject({
      health: 'unknown',
      checked: false,
    });
  });
});
