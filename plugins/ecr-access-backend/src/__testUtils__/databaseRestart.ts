import type { EntityStatus } from '@ecr-access/plugin-ecr-access-common';
import type { Knex } from 'knex';

// PostgreSQL restarting under the store (the fault matrix's database rows): pacing the writes so
// that a kill lands inside a write transaction, waiting for the server to close what it
// killed, and reading back whether anything was left half-written.

/**
 * Every entity row takes 50 ms to write (a trigger of the test database): a cluster's write
 * transaction, which upserts the cluster's rows and then the entities made from them, stays
 * open long enough to be killed between the two.
 */
export const PACE_WRITES = `
  create or replace function ecr_access_test_pace() returns trigger as $$
    begin perform pg_sleep(0.05); return new; end $$ language plpgsql;
  create trigger ecr_access_test_pace before insert or update on ecr_access_entities
    for each row execute function ecr_access_test_pace();`;
export const UNPACE_WRITES = `
  drop trigger if exists ecr_access_test_pace on ecr_access_entities;
  drop function if exists ecr_access_test_pace();`;

/** Waits (5 s at most) until the server has closed every connection to the database. */
/**
 * Terminates every connection to the database once one of them is writing the entities of a
 * transaction that has already written (backend_xid set): a restart in the middle of a
 * cluster's writes. Polls for 6 s at most; returns how many connections it terminated.
 */
export async function terminateDuringEntityWrites(
  admin: Knex,
  database: string,
): Promise<number> {
  for (let i = 0; i < 300; i++) {
    const { rows } = await admin.raw(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = ? and pid <> pg_backend_pid() and backend_xid is not null
          and state = 'active' and query ilike '%ecr_access_entities%'`,
      [database],
    );
    if (rows.length) {
      const others = await admin.raw(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()',
        [database],
      );
      return rows.length + others.rows.length;
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  return 0;
}

export async function waitUntilClosed(admin: Knex, database: string) {
  for (let i = 0; i < 100; i++) {
    const [row] = (
      await admin.raw(
        'select count(*)::int as n from pg_stat_activity where datname = ? and pid <> pg_backend_pid()',
        [database],
      )
    ).rows;
    if (row.n === 0) return;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error(`connections to ${database} still open after 5 s`);
}

const epoch = (time: unknown) => new Date(time as string).getTime();

/** A cluster's stored rows: entity and check time. */
export async function readCluster(knex: Knex, cluster: string) {
  const rows = await knex('ecr_access_cluster_results')
    .where({ cluster })
    .select('entity_ref', 'checked_at', 'workloads')
    .orderBy('entity_ref');
  return rows.map(r => [r.entity_ref, epoch(r.checked_at), r.workloads]);
}

/**
 * Entities whose stored status does not say what their cluster rows say: a cluster row
 * written without the entity recomputed from it, or the other way round (half-written).
 */
export async function entitiesOutOfStep(knex: Knex): Promise<string[]> {
  const rows = await knex('ecr_access_cluster_results').select(
    'entity_ref',
    'cluster',
    'checked_at',
  );
  const entities = await knex('ecr_access_entities').select(
    'entity_ref',
    'status',
  );
  const found: string[] = [];
  for (const entity of entities) {
    const status: EntityStatus =
      typeof entity.status === 'string'
        ? JSON.parse(entity.status)
        : entity.status;
    const mine = rows.filter(r => r.entity_ref === entity.entity_ref);
    for (const row of mine) {
      const said = status.clusters.find(c => c.cluster === row.cluster);
      if (said?.reachable && epoch(said.checkedAt) !== epoch(row.checked_at)) {
        found.push(`${entity.entity_ref} on ${row.cluster}`);
      }
    }
  }
  return found;
}
