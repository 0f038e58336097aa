import type { Knex } from 'knex';
import { inTransaction } from './transactions';
import type { AggregateEntityStatus } from './aggregateEntityStatus';
import { applyCountChanges, countedEntities } from './auditCounts';
import { AuditedEntity, WriteSummary } from './EcrAccessStore';
import {
  auditedClusters,
  buildEntityRecord,
  entityOfRow,
  EntityRecord,
} from './entityRecord';
import { insertRows, upsertRows, whereAnyOf } from './bulkRows';
import { writeBatches } from './batchesInFlight';
import {
  chunk,
  CLUSTER_RESULTS,
  ClusterResultRow,
  CLUSTERS,
  ClusterStateRow,
  ENTITIES,
  ENTITY_COLUMNS,
  EntityRow,
  FACET_COLUMNS,
  FACETS,
  HISTORY,
  HISTORY_COLUMNS,
  isPostgres,
} from './rows';

const CURRENT_COLUMNS = [
  'entity_ref',
  'kind',
  'namespace',
  'name',
  'owner',
  'title',
  'health',
  'stale',
  'checked',
  'status_hash',
  'input_findings',
] as const;

type CurrentEntity = Pick<EntityRow, (typeof CURRENT_COLUMNS)[number]>;

/** The rows of one cluster that the caller's transaction has just written, by ref. */
export interface WrittenRows {
  cluster: string;
  rows: Map<string, ClusterResultRow>;
}

/** How a recompute may be narrowed by what the caller knows. */
export interface RecomputeOptions {
  /** See WrittenRows: used as written, not read back. */
  written?: WrittenRows;
  /**
   * Recompute a stored entity only if its row, as locked, still needs it (new entities
   * always): a rival writer may have recomputed it since the caller chose it.
   */
  onlyIf?: (stored: Pick<EntityRow, 'stale' | 'checked'>) => boolean;
}

/** An entity's record as recomputed, and its row as it was (none for a new entity). */
interface Recomputed {
  record: EntityRecord;
  previous?: CurrentEntity;
}

/**
 * Locks the stored rows of `refs`, in ref order, and returns them.
 *
 * Why: two replicas may audit two clusters of the same entity at once. Each writes its own
 * cluster rows and then recomputes the aggregate from all of them; holding the entity row
 * lock while reading the cluster rows makes the second writer wait until the first has
 * committed, so it sees both clusters. SQLite has a single writer, so the transaction
 * alone serializes. New entities are covered by their insert (see recomputeEntities).
 */
async function lockEntities(
  tx: Knex.Transaction,
  refs: string[],
): Promise<Map<string, CurrentEntity>> {
  // Not the status JSON: the hash tells whether it changed.
  const query = whereAnyOf(
    tx<EntityRow>(ENTITIES).select(...CURRENT_COLUMNS),
    'entity_ref',
    refs,
  ).orderBy('entity_ref');
  const rows: CurrentEntity[] = await (isPostgres(tx)
    ? query.forUpdate()
    : query);
  return new Map(rows.map(r => [r.entity_ref, r]));
}

/**
 * The cluster rows of `refs`, read after their locks; those in `written` (this
 * transaction's own rows of one cluster) taken as written rather than read back.
 */
async function clusterRowsOf(
  tx: Knex.Transaction,
  refs: string[],
  written?: WrittenRows,
): Promise<ClusterResultRow[]> {
  const read = whereAnyOf(
    tx<ClusterResultRow>(CLUSTER_RESULTS),
    'entity_ref',
    refs,
  );
  if (!written) return read;
  const unwritten = refs.filter(ref => !written.rows.has(ref));
  const others: ClusterResultRow[] = await read
    .clone()
    .whereNot('cluster', written.cluster);
  const own: ClusterResultRow[] = unwritten.length
    ? await whereAnyOf(
        tx<ClusterResultRow>(CLUSTER_RESULTS).where('cluster', written.cluster),
        'entity_ref',
        unwritten,
      )
    : [];
  const mine = refs.flatMap(ref => {
    const row = written.rows.get(ref);
    return row ? [row] : [];
  });
  return [...others, ...own, ...mine];
}

/** The records of `refs` from all their cluster rows, read after their locks. */
async function buildRecords(
  tx: Knex.Transaction,
  refs: string[],
  current: Map<string, CurrentEntity>,
  entities: Map<string, AuditedEntity>,
  now: Date,
  aggregate: AggregateEntityStatus,
  written?: WrittenRows,
): Promise<Recomputed[]> {
  const clusterRows = await clusterRowsOf(tx, refs, written);
  // Read after the entity locks, like the rows: a cluster whose reachability changed and
  // committed before is seen here, or its own recompute of these entities waits for ours.
  const clusters = auditedClusters(
    await tx<ClusterStateRow>(CLUSTERS).select(),
  );
  const rowsByRef = new Map<string, ClusterResultRow[]>();
  for (const row of clusterRows) {
    const list = rowsByRef.get(row.entity_ref) ?? [];
    list.push(row);
    rowsByRef.set(row.entity_ref, list);
  }
  // In cluster order, as the aggregate has always been given them.
  for (const list of rowsByRef.values()) {
    list.sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
  }
  const built: Recomputed[] = [];
  for (const ref of refs) {
    const previous = current.get(ref);
    const entity = entities.get(ref) ?? (previous && entityOfRow(previous));
    if (!entity) continue; // removed meanwhile by the catalog sweep
    const record = buildEntityRecord(
      entity,
      rowsByRef.get(ref) ?? [],
      clusters,
      now,
      aggregate,
    );
    built.push({ record, previous });
  }
  return built;
}

/** Inserts new entities' rows; returns the refs inserted (not created meanwhile by another). */
async function insertNew(
  tx: Knex.Transaction,
  records: EntityRecord[],
): Promise<Set<string>> {
  const inserted = await upsertRows(
    tx,
    ENTITIES,
    ENTITY_COLUMNS,
    records.map(r => r.row as unknown as Record<string, unknown>),
    { conflict: ['entity_ref'], onConflict: 'ignore', returning: 'entity_ref' },
  );
  return new Set(inserted);
}

async function writeRecords(
  tx: Knex.Transaction,
  recomputed: Recomputed[],
): Promise<Recomputed[]> {
  const changed = recomputed.filter(
    r => r.record.row.status_hash !== r.previous?.status_hash,
  );
  const stored = recomputed.filter(r => r.previous);
  // Counted as they were stored, before this write replaces their row and facets. Health,
  // clusters and mechanisms are all covered by the hash: only changed entities change the
  // counts.
  const countedBefore = await countedEntities(
    tx,
    changed.flatMap(r => (r.previous ? [r.previous] : [])),
  );
  await upsertRows(
    tx,
    ENTITIES,
    ENTITY_COLUMNS,
    stored.map(r => r.record.row as unknown as Record<string, unknown>),
    { conflict: ['entity_ref'], onConflict: 'merge', returning: 'entity_ref' },
  );
  const replaced = changed.filter(r => r.previous);
  if (replaced.length) {
    // Facets derive only from what the hash covers, so they change only with it.
    await whereAnyOf(
      tx(FACETS),
      'entity_ref',
      replaced.map(r => r.record.row.entity_ref),
    ).delete();
  }
  await insertRows(
    tx,
    FACETS,
    FACET_COLUMNS,
    changed.flatMap(r => r.record.facets) as unknown as Array<
      Record<string, unknown>
    >,
  );
  await insertRows(
    tx,
    HISTORY,
    HISTORY_COLUMNS,
    changed.map(r => r.record.history) as unknown as Array<
      Record<string, unknown>
    >,
  );
  // Last: the counts' rows are shared by every writer, locked from here to the commit.
  await applyCountChanges(tx, countedBefore, changed.map(countedAfter));
  return changed;
}

function countedAfter({ record }: Recomputed) {
  return {
    health: record.row.health,
    clusters: record.facets
      .filter(f => f.facet === 'cluster')
      .map(f => f.value),
    mechanisms: record.facets
      .filter(f => f.facet === 'mechanism')
      .map(f => f.value),
  };
}

/**
 * Recomputes the aggregate of each given entity (at most a batch) from all its cluster
 * rows, inside the caller's transaction, with the audit's `aggregate`. `entities` holds the
 * catalog facts of entities the write names; others keep the facts stored with them.
 * `options` narrow it by what the caller knows (see RecomputeOptions).
 *
 * Stored entities are recomputed under their row locks. New ones are inserted as computed,
 * each row written once: a writer that creates the same entity meanwhile blocks on that
 * insert until the first commits (or the first blocks on the second's), and the one whose
 * insert then finds the row recomputes the entity again under its lock, now seeing both
 * writers' cluster rows. (A placeholder row locked first cost every new entity two writes
 * of its row and of each of its indexes.)
 */
export async function recomputeEntities(
  tx: Knex.Transaction,
  refs: string[],
  entities: Map<string, AuditedEntity>,
  now: Date,
  aggregate: AggregateEntityStatus,
  { written, onlyIf }: RecomputeOptions = {},
): Promise<WriteSummary> {
  const locked = [...new Set(refs)].sort();
  const current = await lockEntities(tx, locked);
  const sorted = onlyIf
    ? locked.filter(ref => !current.has(ref) || onlyIf(current.get(ref)!))
    : locked;
  const args = [entities, now, aggregate, written] as const;
  const built = await buildRecords(tx, sorted, current, ...args);
  const fresh = built.filter(r => !r.previous).map(r => r.record);
  const inserted = await insertNew(tx, fresh);
  const raced = fresh
    .map(r => r.row.entity_ref)
    .filter(ref => !inserted.has(ref));
  const racedRows = raced.length
    ? await lockEntities(tx, raced)
    : new Map<string, CurrentEntity>();
  const racedNeeded = onlyIf
    ? raced.filter(ref => !racedRows.has(ref) || onlyIf(racedRows.get(ref)!))
    : raced;
  const again = racedNeeded.length
    ? await buildRecords(tx, racedNeeded, racedRows, ...args)
    : [];
  const recomputed = [
    ...built.filter(r => r.previous || inserted.has(r.record.row.entity_ref)),
    ...again,
  ];
  const changed = await writeRecords(tx, recomputed);
  return { entities: recomputed.length, changed: changed.length };
}

export const NOTHING: WriteSummary = { entities: 0, changed: 0 };

export function addSummaries(a: WriteSummary, b: WriteSummary): WriteSummary {
  return { entities: a.entities + b.entities, changed: a.changed + b.changed };
}

/** Recomputes entities batch by batch, one short transaction per batch. */
export async function recomputeInBatches(
  knex: Knex,
  refs: string[],
  now: Date,
  aggregate: AggregateEntityStatus,
  options: {
    /** Run first in each batch's transaction, e.g. to delete its rows. */
    beforeRecompute?: (tx: Knex.Transaction, batch: string[]) => Promise<void>;
    /** Catalog facts of entities to create if they have no row (see recomputeEntities). */
    entities?: Map<string, AuditedEntity>;
    onlyIf?: RecomputeOptions['onlyIf'];
  } = {},
): Promise<WriteSummary> {
  const { beforeRecompute, entities = new Map(), onlyIf } = options;
  return writeBatches(knex, chunk(refs), batch =>
    inTransaction(knex, async tx => {
      await beforeRecompute?.(tx, batch);
      return recomputeEntities(tx, batch, entities, now, aggregate, { onlyIf });
    }),
  );
}

/** Those of `refs` that have no entity row yet, read in chunks. */
export async function withoutEntityRow(
  knex: Knex,
  refs: string[],
): Promise<string[]> {
  if (!refs.length) return [];
  const found = new Set<string>();
  for (const batch of chunk(refs)) {
    const rows = await knex(ENTITIES)
      .whereIn('entity_ref', batch)
      .select('entity_ref');
    rows.forEach(r => found.add(r.entity_ref as string));
  }
  return refs.filter(ref => !found.has(ref));
}
