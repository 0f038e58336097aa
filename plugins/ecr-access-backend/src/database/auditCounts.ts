import type { Knex } from 'knex';
import type { Health, PullAuth } from '@ecr-access/plugin-ecr-access-common';
import type { AuditCounts, StoredAuditFilter } from './EcrAccessStore';
import { chunk, COUNTS, FACETS, INSERT_SIZE, isPostgres } from './rows';
import { inTransaction } from './transactions';

/** Stands for "every cluster" or "every mechanism" in a row of the counts table. */
const ANY = '';

/** What of an entity the counts table counts. */
export interface CountedEntity {
  health: string;
  clusters: string[];
  mechanisms: string[];
}

function keysOf(entity: CountedEntity): string[] {
  const keys: string[] = [];
  for (const cluster of [ANY, ...new Set(entity.clusters)]) {
    for (const mechanism of [ANY, ...new Set(entity.mechanisms)]) {
      keys.push(JSON.stringify([cluster, entity.health, mechanism]));
    }
  }
  return keys;
}

/**
 * The counts of the entities a write replaces (`before`, as they were stored) and of the
 * same entities as written (`after`), appended as changes, inside the write's transaction.
 *
 * Why appended: replicas write different clusters at once, and nearly every batch changes
 * the same few counts (every cluster's healthy entities count in ('', 'ok', '')). Updating
 * one row per count made each writer wait, lock held to its commit, for the one before: at
 * 50,000 entities written by 10 audits on PostgreSQL, 176 s instead of 11. Rows appended
 * are nobody else's: no writer waits, and the counts are their sums, committed with the
 * entities they count or not at all.
 */
export async function applyCountChanges(
  tx: Knex.Transaction,
  before: CountedEntity[],
  after: CountedEntity[],
): Promise<void> {
  const delta = new Map<string, number>();
  const add = (entity: CountedEntity, step: number) => {
    for (const key of keysOf(entity)) {
      delta.set(key, (delta.get(key) ?? 0) + step);
    }
  };
  before.forEach(e => add(e, -1));
  after.forEach(e => add(e, 1));
  const rows = [...delta.entries()]
    .filter(([, count]) => count !== 0)
    .map(([key, count]) => {
      const [cluster, health, mechanism] = JSON.parse(key) as string[];
      return { cluster, health, mechanism, count };
    });
  for (const batch of chunk(rows, INSERT_SIZE)) {
    await tx(COUNTS).insert(batch);
  }
}

/**
 * Folds the changes appended so far into one row per (cluster, health, mechanism), dropping
 * the keys that sum to nothing, so that the reads sum a few rows per cluster, not every
 * batch's. The store runs it after each cluster's write.
 *
 * On PostgreSQL one statement deletes the rows and inserts the sums of exactly the rows it
 * deleted: a change committed meanwhile is either among them or left for the next fold, and
 * two folds at once cannot count a row twice (the second skips the rows the first deleted).
 * SQLite has one writer: the transaction alone keeps the sum and the delete together.
 */
export async function compactCounts(knex: Knex): Promise<void> {
  const columns = 'cluster, health, mechanism';
  if (isPostgres(knex)) {
    await inTransaction(knex, tx =>
      tx.raw(
        `WITH folded AS (DELETE FROM ?? RETURNING ${columns}, count)
         INSERT INTO ?? (${columns}, count)
         SELECT ${columns}, SUM(count) FROM folded
         GROUP BY ${columns} HAVING SUM(count) <> 0`,
        [COUNTS, COUNTS],
      ),
    );
    return;
  }
  await knex.transaction(async tx => {
    const [{ last }] = await tx(COUNTS).max({ last: 'id' });
    if (last === null) return;
    await tx.raw(
      `INSERT INTO ?? (${columns}, count)
       SELECT ${columns}, SUM(count) FROM ?? WHERE id <= ?
       GROUP BY ${columns} HAVING SUM(count) <> 0`,
      [COUNTS, COUNTS, last],
    );
    await tx(COUNTS).where('id', '<=', last).delete();
  });
}

/**
 * Stored entities as the counts table counts them: their health (given, from the rows the
 * caller locked) and their clusters and mechanisms (read). A row with an empty hash (the
 * placeholder earlier versions wrote inside a write) is not a status and is not counted.
 */
export async function countedEntities(
  tx: Knex.Transaction,
  stored: Array<{ entity_ref: string; health: string; status_hash: string }>,
): Promise<CountedEntity[]> {
  const rows = stored.filter(r => r.status_hash !== '');
  if (!rows.length) return [];
  const facets: Array<{ entity_ref: string; facet: string; value: string }> =
    await tx(FACETS)
      .whereIn(
        'entity_ref',
        rows.map(r => r.entity_ref),
      )
      .whereIn('facet', ['cluster', 'mechanism'])
      .select('entity_ref', 'facet', 'value');
  const byRef = new Map<string, CountedEntity>(
    rows.map(r => [
      r.entity_ref,
      { health: r.health, clusters: [], mechanisms: [] },
    ]),
  );
  for (const f of facets) {
    const entity = byRef.get(f.entity_ref);
    if (f.facet === 'cluster') entity?.clusters.push(f.value);
    else entity?.mechanisms.push(f.value);
  }
  return [...byRef.values()];
}

/** The filters the counts table answers: any of health, cluster and mechanism, nothing else. */
function countable(filter: StoredAuditFilter): boolean {
  return Object.entries(filter).every(
    ([name, value]) =>
      value === undefined || ['health', 'cluster', 'mechanism'].includes(name),
  );
}

/**
 * The total and summary of the entities matching `filter` from the counts table, or
 * `undefined` when it cannot answer: a visibility list, a text search, an owner, staleness
 * or a finding; the summary also not for a mechanism (which other mechanisms entities with
 * it have is not kept), only the total. `cluster` is the stored name (resolved by the
 * caller).
 */
export async function countsFromTable(
  knex: Knex,
  filter: StoredAuditFilter,
): Promise<{ totalCount: number; summary?: AuditCounts } | undefined> {
  if (!countable(filter)) return undefined;
  const query = knex(COUNTS)
    .where('cluster', filter.cluster ?? ANY)
    .groupBy('health', 'mechanism')
    .havingRaw('SUM(count) > 0')
    .select('health', 'mechanism', knex.raw('SUM(count) AS count'));
  if (filter.health) query.where('health', filter.health);
  if (filter.mechanism) query.where('mechanism', filter.mechanism);
  const rows: Array<{ health: string; mechanism: string; count: number }> =
    await query;
  const summary: AuditCounts = { byMechanism: {}, byHealth: {} };
  let totalCount = 0;
  for (const row of rows) {
    const count = Number(row.count);
    if (filter.mechanism) {
      totalCount += count;
      summary.byHealth[row.health as Health] = count;
    } else if (row.mechanism === ANY) {
      totalCount += count;
      summary.byHealth[row.health as Health] = count;
    } else {
      const m = row.mechanism as PullAuth;
      summary.byMechanism[m] = (summary.byMechanism[m] ?? 0) + count;
    }
  }
  if (filter.mechanism) return { totalCount };
  return { totalCount, summary };
}

/** The stored cluster names equal to `name` but for case. */
export async function clustersNamed(
  knex: Knex,
  name: string,
): Promise<string[]> {
  const rows = await knex(COUNTS)
    .distinct('cluster')
    .whereNot('cluster', ANY)
    .whereRaw('LOWER(cluster) = ?', [name.toLocaleLowerCase('en-US')]);
  return rows.map(r => r.cluster as string);
}

/** The clusters or mechanisms some stored entity has. */
export async function countedValues(
  knex: Knex,
  column: 'cluster' | 'mechanism',
): Promise<string[]> {
  const rows = await knex(COUNTS)
    .whereNot(column, ANY)
    .groupBy(column)
    .havingRaw('SUM(count) > 0')
    .select(column);
  return rows.map(r => r[column] as string);
}

/** How many entities are stored (placeholders inside a write not counted). */
export async function countedEntityTotal(knex: Knex): Promise<number> {
  const [row] = await knex(COUNTS)
    .where({ cluster: ANY, mechanism: ANY })
    .sum({ count: 'count' });
  return Number(row?.count ?? 0);
}
