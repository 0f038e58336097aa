import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { aggregateStatus } from '../audit/pipeline';
import { DatabaseEcrAccessStore } from '../database/DatabaseEcrAccessStore';

/** The real store over `knex`, as the plugin creates it (migrations run unless skipped). */
export function storeOver(
  knex: Knex,
  options: { skipMigrations?: boolean } = {},
): Promise<DatabaseEcrAccessStore> {
  return DatabaseEcrAccessStore.create({
    aggregate: aggregateStatus,
    database: mockServices.database({ knex }),
    ...options,
  });
}

/** Every table the store writes, so that a test starts from an empty store. */
export const STORE_TABLES = [
  'ecr_access_cluster_results',
  'ecr_access_entities',
  'ecr_access_entity_facets',
  'ecr_access_history',
  'ecr_access_audit_runs',
  'ecr_access_clusters',
  'ecr_access_audit_count_changes', // kept with the entities it counts
];

/** Deletes every row of `tables`, between tests on one database. */
export async function emptyTables(
  knex: Knex,
  tables: readonly string[] = STORE_TABLES,
): Promise<void> {
  for (const table of tables) await knex(table).delete();
}
