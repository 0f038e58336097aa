import type { Knex } from 'knex';
import type { AggregateEntityStatus } from './aggregateEntityStatus';
import { applyCountChanges, countedEntities } from './auditCounts';
import { AuditedEntity, WriteSummary } from './EcrAccessStore';
import { buildEntityRecord, entityOfRow, EntityRecord } from './entityRecord';
import { healthRank } from '@ecr-access/plugin-ecr-access-common';
import {
  chunk,
  CLUSTER_RESULTS,
  ClusterResultRow,
  CLUSTERS,
  ClusterStateRow,
  ENTITIES,
  EntityRow,
  FACETS,
  HISTORY,
  INSERT_SIZE,
  isPostgres,
} from './rows';

const CURRENT_COLUMNS = [
  'entity_ref',
  'kind',
  'namespace',
  'name',
  'owner',
  'title',
  'status_hash',
  'input_findings',
] as const;

type CurrentEntity = Pick<EntityRow, (typeof CURRENT_COLUMNS)[number]>;

function placeholder(ref: string, e: AuditedEntity): EntityRow {
  return {
    entity_ref: ref,
    kind: e.kind,
    namespace: e.namespace,
    name: e.name,
    owner: null,
    title: null,
    health: 'unknown',
    health_rank: healthRank('unknown'),
    stale: false,
    checked_at: new Date(0),
    summary: '',
    status: '{}',
    status_hash: '', // matches no hash: the first real status gets a history row
    input_findings: null,
  };
}

/**
 * Locks the entities' rows, creating placeholders for new ones, and returns the current
 * rows.
 *
 * Why: two replicas may audit two clusters of the same entity at once. Each writes its own
 * cluster rows and then recomputes the aggregate from all of them; holding the entity row
 * lock while reading the cluster rows makes the second writer wait until the first has
 * committed, so it sees both clusters. Rows are locked in ref order, hence no deadlock.
 * SQLite has a single writer, so the transaction alone serializes.
 */
async function lockEntities(
  tx: Knex.Transaction,
  refs: string[],
  entities: Map<string, AuditedEntity>,
): Promise<Map<string, CurrentEntity>> {
  const select = (): Promise<CurrentEntity[]> => {
    // Not the status JSON: the hash tells whether it changed.
    const query = tx<EntityRow>(ENTITIES)
      .select(...CURRENT_COLUMNS)
      .whereIn('entity_ref', refs)
      .orderBy('entity_ref');
    return isPostgres(tx) ? query.forUpdate() : query;
  };
  let rows = await select();
  const found = new Set(rows.map(r => r.entity_ref));
  const missing = refs.filter(ref => entities.has(ref) && !found.has(ref));
  if (missing.length) {
    const placeholders = missing.map(ref =>
      placeholder(ref, entities.get(ref)!),
    );
    for (const batch of chunk(placeholders, INSERT_SIZE)) {
      await tx(ENTITIES).insert(batch).onConflict('entity_ref').ignore();
    }
    rows = await select();
  }
  return new Map(rows.map(r => [r.entity_ref, r]));
}

async function writeRecords(
  tx: Knex.Transaction,
  records: EntityRecord[],
  changed: EntityRecord[],
): Promise<void> {
  // Counted as they were stored, before this write replaces their row and facets. Health,
  // clusters and mechanisms are all covered by the hash: only changed entities change the
  // counts.
  const countedBefore = await countedEntities(
    tx,
    changed.map(r => r.row.entity_ref),
  );
  for (const rows of chunk(
    records.map(r => r.row),
    INSERT_SIZE,
  )) {
    await tx(ENTITIES).insert(rows).onConflict('entity_ref').merge();
  }
  if (!changed.length) return;
  // Facets derive only from what the hash covers, so they change only with it.
  await tx(FACETS)
    .whereIn(
      'entity_ref',
      changed.map(r => r.row.entity_ref),
    )
    .delete();
  for (const facets of chunk(
    changed.flatMap(r => r.facets),
    INSERT_SIZE,
  )) {
    await tx(FACETS).insert(facets);
  }
  for (const history of chunk(
    changed.map(r => r.history),
    INSERT_SIZE,
  )) {
    await tx(HISTORY).insert(history);
  }
  // Last: the counts' rows are shared by every writer, locked from here to the commit.
  await applyCountChanges(
    tx,
    countedBefore,
    changed.map(r => ({
      health: r.row.health,
      clusters: r.facets.filter(f => f.facet === 'cluster').map(f => f.value),
      mechanisms: r.facets
        .filter(f => f.facet === 'mechanism')
        .map(f => f.value),
    })),
  );
}

/**
 * Recomputes the aggregate of each given entity (at most a batch) from all its cluster
 * rows, inside the caller's transaction, with the audit's `aggregate`. `entities` holds the
 * catalog facts of entities the write names; others keep the facts stored with them.
 */
export async function recomputeEntities(
  tx: Knex.Transaction,
  refs: string[],
  entities: Map<string, AuditedEntity>,
  now: Date,
  aggregate: AggregateEntityStatus,
): Promise<WriteSummary> {
  const sorted = [...new Set(refs)].sort();
  const current = await lockEntities(tx, sorted, entities);
  const clusterRows = await tx<ClusterResultRow>(CLUSTER_RESULTS)
    .whereIn('entity_ref', sorted)
    .orderBy(['entity_ref', 'cluster']);
  // Read after the entity locks, like the rows: a cluster whose reachability changed and
  // committed before is seen here, or its own recompute of these entities waits for ours.
  const clusterStates = await tx<ClusterStateRow>(CLUSTERS).select();
  const rowsByRef = new Map<string, ClusterResultRow[]>();
  for (const row of clusterRows) {
    const list = rowsByRef.get(row.entity_ref) ?? [];
    list.push(row);
    rowsByRef.set(row.entity_ref, list);
  }
  const records: EntityRecord[] = [];
  const changed: EntityRecord[] = [];
  for (const ref of sorted) {
    const previous = current.get(ref);
    const entity = entities.get(ref) ?? (previous && entityOfRow(previous));
    if (!entity) continue; // removed meanwhile by the catalog sweep
    const record = buildEntityRecord(
      entity,
      rowsByRef.get(ref) ?? [],
      clusterStates,
      now,
      aggregate,
    );
    records.push(record);
    if (record.row.status_hash !== previous?.status_hash) changed.push(record);
  }
  await writeRecords(tx, records, changed);
  return { entities: records.length, changed: changed.length };
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
  beforeRecompute?: (tx: Knex.Transaction, batch: string[]) => Promise<void>,
  entities = new Map<string, AuditedEntity>(),
): Promise<WriteSummary> {
  let summary = NOTHING;
  for (const batch of chunk(refs)) {
    const written = await knex.transaction(async tx => {
      await beforeRecompute?.(tx, batch);
      return recomputeEntities(tx, batch, entities, now, aggregate);
    });
    summary = addSummaries(summary, written);
  }
  return summary;
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
