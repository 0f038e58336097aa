import type { PullAuth } from '@ecr-access/plugin-ecr-access-common';
import knexFactory, { Knex } from 'knex';
import { entityResult, workload } from '../__fixtures__/workloads';
import { describeStore, storeOver } from '../__testUtils__/testStore';
import { countsFromTable } from './auditCounts';
import { countAudit, summarize } from './auditQueries';
import { StoredAuditFilter } from './EcrAccessStore';

jest.setTimeout(180_000);

const CLUSTERS = ['c0', 'c1', 'c2'];
/** More than a write batch (1,000), so that each write is several transactions. */
const ENTITIES = 1500;
const MECHANISMS: PullAuth[] = [
  'node-role',
  'static-secret',
  'rotating-secret',
  'service-account-role',
];

/** Entity i runs on clusters i % 3 and (i + 1) % 3; what it runs changes with the round. */
function clusterResults(cluster: string, round: number, checkedAt: Date) {
  const c = CLUSTERS.indexOf(cluster);
  const names = Array.from({ length: ENTITIES }, (_, i) => i).filter(
    i => i % 3 === c || (i + 1) % 3 === c,
  );
  return {
    cluster,
    checkedAt,
    entities: names.map(i => {
      const pullAuth = MECHANISMS[(i + round + c) % MECHANISMS.length];
      const expired = pullAuth === 'static-secret' && (i + round) % 2 === 0;
      return entityResult(`svc-${i}`, [
        workload({
          cluster,
          name: `svc-${i}`,
          pullAuth,
          findings: expired ? ['SECRET_EXPIRED'] : [],
        }),
      ]);
    }),
  };
}

const FILTERS: StoredAuditFilter[] = [
  {},
  { health: 'error' },
  { health: 'ok' },
  { cluster: 'c1' },
  { cluster: 'c2', health: 'error' },
  { mechanism: 'static-secret' },
  { mechanism: 'node-role', cluster: 'c0' },
];

/** What the counts table says for each filter, and what the indexes count. */
async function compare(knex: Knex) {
  const fromTable = [];
  const byIndex = [];
  for (const filter of FILTERS) {
    const kept = await countsFromTable(knex, filter);
    const total = await countAudit(knex, filter);
    fromTable.push(kept);
    byIndex.push(
      filter.mechanism
        ? { totalCount: total }
        : { totalCount: total, summary: await summarize(knex, filter) },
    );
  }
  return { fromTable, byIndex };
}

describeStore('summary counts kept on write', db => {
  let replica: Knex;

  beforeAll(() => {
    // A second replica: its own connection pool on PostgreSQL, the same file on SQLite
    // (in memory, one connection: its writers queue as SQLite's single writer does).
    replica =
      db.knex.client.config.client === 'pg'
        ? knexFactory(db.knex.client.config)
        : db.knex;
  });

  afterAll(async () => {
    if (replica !== db.knex) await replica.destroy();
  });

  it('equal the counts by index after concurrent writers, an outage and the sweep', async () => {
    const stores = [db.store, await storeOver(replica)];
    for (let round = 0; round < 3; round++) {
      const checkedAt = new Date(Date.UTC(2026, 10, 23, 10, round));
      // Every cluster at once, shared between the two replicas: entities on two clusters
      // are recomputed by two writers at the same time.
      await Promise.all(
        CLUSTERS.map((cluster, i) =>
          stores[i % 2].writeClusterResults(
            clusterResults(cluster, round, checkedAt),
          ),
        ),
      );
      const { fromTable, byIndex } = await compare(db.knex);
      expect(fromTable).toEqual(byIndex);
      expect(byIndex[0].totalCount).toBe(ENTITIES);
    }

    // c1 goes down (every entity recomputed: stale, unknown), while c2 writes.
    const later = new Date(Date.UTC(2026, 10, 23, 11));
    await Promise.all([
      stores[0].markClusterUnreachable({
        cluster: 'c1',
        checkedAt: later,
        error: 'connect ECONNREFUSED',
      }),
      stores[1].writeClusterResults(clusterResults('c2', 3, later)),
    ]);
    let counts = await compare(db.knex);
    expect(counts.fromTable).toEqual(counts.byIndex);
    expect(counts.byIndex[1].summary?.byHealth).not.toEqual({});

    // The catalog sweep removes a third of the entities while c1 comes back.
    const kept = Array.from(
      { length: ENTITIES },
      (_, i) => `component:default/svc-${i}`,
    ).filter((_, i) => i % 3 !== 0);
    const back = new Date(Date.UTC(2026, 10, 23, 12));
    await Promise.all([
      stores[0].removeEntitiesNotIn(kept),
      stores[1].writeClusterResults(clusterResults('c1', 4, back)),
    ]);
    // The sweep may have run before c1's write re-created some: sweep again, as the
    // scheduler does.
    await stores[0].removeEntitiesNotIn(kept);
    counts = await compare(db.knex);
    expect(counts.fromTable).toEqual(counts.byIndex);
    expect(counts.byIndex[0].totalCount).toBe(kept.length);
  });
});
