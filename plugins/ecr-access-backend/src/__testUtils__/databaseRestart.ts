import type { EntityStatus } from '@ecr-access/plugin-ecr-access-common';
import type { Knex } from 'knex';

// PostgreSQL restarting under the store (the fault matrix's database rows): pacing the writes so
// that a kill lands inside a write transaction, waiting for the server to close what it
// killed, and reading back whether anything was left half-written.

/** Every cluster result row takes 100 ms to write (a trigger of the test database). */
export const PACE_WRITES = `
  create or replace function ecr_access_test_pace() returns trigger as $$
    begin perform pg_sleep(0.1); return new; end $$ language plpgsql;
  create trigger ecr_access_test_pace before insert or update on ecr_access_cluster_results
    for each row execute function ecr_access_test_pace();`;
export const UNPACE_WRITES = `
  drop trigger if exists ecr_access_test_pace on ecr_access_cluster_results;
  drop function if exists ecr_access_test_pace();`;

/** Waits (5 s at most) until the server has closed every connection to the database. */
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
