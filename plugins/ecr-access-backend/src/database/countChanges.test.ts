import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { entityResult, workload } from '../__fixtures__/workloads';
import { describeStore } from '../__testUtils__/testStore';
import { countsFromTable } from './auditCounts';
import { COUNTS } from './rows';

jest.setTimeout(120_000);

const migrations = resolvePackagePath(
  '@ecr-access/plugin-ecr-access-backend',
  'migrations',
);

/** The summary counts as changes (issue #18): appended by writes, folded after each. */
describeStore('count changes', db => {
  async function changeRows() {
    return (
      await db.knex(COUNTS).select('cluster', 'health', 'mechanism', 'count')
    )
      .map(r => ({ ...r, count: Number(r.count) }))
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }

  it('are folded into one row per key after each write, keys summing to nothing dropped', async () => {
    const write = (minute: number, pullAuth: 'node-role' | 'static-secret') =>
      db.store.writeClusterResults({
        cluster: 'prod',
        checkedAt: new Date(Date.UTC(2026, 11, 4, 10, minute)),
        entities: ['web', 'api'].map(name =>
          entityResult(name, [workload({ cluster: 'prod', name, pullAuth })]),
        ),
      });
    await write(0, 'node-role');
    await write(1, 'static-secret');
    const rows = await changeRows();
    // Two healthy entities with a static secret, on every cluster and on prod; the node-role
    // keys they left sum to zero and are gone.
    expect(rows).toEqual([
      { cluster: '', health: 'ok', mechanism: '', count: 2 },
      { cluster: '', health: 'ok', mechanism: 'static-secret', count: 2 },
      { cluster: 'prod', health: 'ok', mechanism: '', count: 2 },
      { cluster: 'prod', health: 'ok', mechanism: 'static-secret', count: 2 },
    ]);
    await db.store.removeEntitiesNotIn([]);
    expect(await changeRows()).toEqual([]);
    expect(await countsFromTable(db.knex, {})).toEqual({
      totalCount: 0,
      summary: { byHealth: {}, byMechanism: {} },
    });
  });

  it('carry the counts of a database migrated from the counts table, and back', async () => {
    const fresh = await db.newDatabase();
    // The schema as it was before the change table, with counts in it.
    await fresh.migrate.up({ directory: migrations, name: '20261123_init.js' });
    await fresh.migrate.up({
      directory: migrations,
      name: '20261124_cluster_states.js',
    });
    await fresh.migrate.up({
      directory: migrations,
      name: '20261203_audit_paging_counts.js',
    });
    await fresh('ecr_access_audit_counts').insert([
      { cluster: '', health: 'error', mechanism: '', count: 3 },
      { cluster: '', health: 'error', mechanism: 'static-secret', count: 3 },
      { cluster: 'prod', health: 'error', mechanism: '', count: 0 },
    ]);
    await fresh.migrate.up({
      directory: migrations,
      name: '20261204_audit_count_deltas.js',
    });
    expect(await countsFromTable(fresh, {})).toEqual({
      totalCount: 3,
      summary: { byHealth: { error: 3 }, byMechanism: { 'static-secret': 3 } },
    });
    await fresh.migrate.down({
      directory: migrations,
      name: '20261204_audit_count_deltas.js',
    });
    const back = await fresh('ecr_access_audit_counts').orderBy('mechanism');
    expect(
      back.map(r => [r.cluster, r.health, r.mechanism, Number(r.count)]),
    ).toEqual([
      ['', 'error', '', 3],
      ['', 'error', 'static-secret', 3],
    ]);
  });
});
