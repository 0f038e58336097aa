import type { Knex } from 'knex';
import type {
  EcrAccessStore,
  StoredEntityStatus,
} from '../database/EcrAccessStore';

/** What an audit concluded about one entity, without the times that differ run to run. */
export interface Verdict {
  health: string;
  stale: boolean;
  mechanisms: string[];
  findingCodes: string[];
  /** `cluster/namespace/kind/name` of each workload. */
  workloads: string[];
}

export function verdictOf(stored: StoredEntityStatus): Verdict {
  const { status } = stored;
  return {
    health: status.health,
    stale: status.stale,
    mechanisms: [...status.mechanisms].sort(),
    findingCodes: [...new Set(status.findings.map(f => f.code))].sort(),
    workloads: status.workloads
      .map(w => `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`)
      .sort(),
  };
}

/** Every stored entity status, by entity ref, read through the store's public reads. */
export async function readAllStatuses(
  store: EcrAccessStore,
): Promise<Map<string, StoredEntityStatus>> {
  const { items, totalCount } = await store.listAudit({
    limit: 500,
    offset: 0,
    orderBy: 'entityRef',
  });
  if (totalCount > items.length) {
    throw new Error(`readAllStatuses reads 500 entities, not ${totalCount}`);
  }
  const statuses = new Map<string, StoredEntityStatus>();
  for (const item of items) {
    const stored = await store.getEntityStatus(item.entityRef);
    if (stored) statuses.set(item.entityRef, stored);
  }
  return statuses;
}

/** The keys of the plugin's tables that must never repeat, with how often each does. */
const UNIQUE_KEYS: Array<[table: string, columns: string[]]> = [
  ['ecr_access_cluster_results', ['entity_ref', 'cluster']],
  ['ecr_access_entities', ['entity_ref']],
  ['ecr_access_entity_facets', ['entity_ref', 'facet', 'value']],
];

/**
 * Keys that occur more than once in the plugin's tables, and history rows that repeat the
 * entity's previous row (the same status recorded twice: a history row must be a change).
 * History rows are checked from `historyAfterId` on (and the row before each). Empty when
 * nothing was stored twice.
 */
export async function duplicateKeys(
  knex: Knex,
  historyAfterId = 0,
): Promise<string[]> {
  const found: string[] = [];
  for (const [table, columns] of UNIQUE_KEYS) {
    const rows = await knex(table)
      .select(columns)
      .count({ n: '*' })
      .groupBy(columns)
      .havingRaw('count(*) > 1');
    rows.forEach(r => found.push(`${table}: ${JSON.stringify(r)}`));
  }
  const history = await knex('ecr_access_history')
    .select('id', 'entity_ref', 'status_hash')
    .orderBy(['entity_ref', 'id']);
  history.forEach((row, i) => {
    const previous = history[i - 1];
    if (
      Number(row.id) > historyAfterId &&
      previous?.entity_ref === row.entity_ref &&
      previous.status_hash === row.status_hash
    ) {
      found.push(`ecr_access_history: ${row.entity_ref} repeated`);
    }
  });
  return found;
}

/** The newest history row id, to count what one audit added after it. */
export async function lastHistoryId(knex: Knex): Promise<number> {
  const row = await knex('ecr_access_history').max({ id: 'id' }).first();
  return Number(row?.id ?? 0);
}

/** Every table of the plugin's database (its own and knex's migration bookkeeping). */
export async function listTables(knex: Knex): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const rows = await knex('information_schema.tables')
      .select({ name: 'table_name' })
      .whereRaw('table_schema = current_schema()');
    return rows.map(r => r.name).sort();
  }
  const rows = await knex('sqlite_master')
    .select('name')
    .where('type', 'table')
    .andWhereNot('name', 'like', 'sqlite_%');
  return rows.map(r => r.name).sort();
}

/** Every row of every table of the plugin's database, as JSON text. */
export async function dumpDatabase(
  knex: Knex,
): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of await listTables(knex)) {
    dump[table] = await knex(table).select();
  }
  return dump;
}
