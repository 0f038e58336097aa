import type { Knex } from 'knex';
import { inTransaction } from './transactions';
import { worstHealth } from '@ecr-access/plugin-ecr-access-common';
import type { AggregateEntityStatus } from './aggregateEntityStatus';
import { applyCountChanges, countedEntities } from './auditCounts';
import {
  ClusterResults,
  EntityClusterResult,
  WriteSummary,
} from './EcrAccessStore';
import {
  addSummaries,
  NOTHING,
  recomputeEntities,
  recomputeInBatches,
  withoutEntityRow,
  WrittenRows,
} from './recomputeEntities';
import { upsertRows, whereAnyOf } from './bulkRows';
import { writeBatches } from './batchesInFlight';
import { recordClusterState, settleTransition } from './clusterStates';
import { storedFacts } from './entityRecord';
import {
  chunk,
  CLUSTER_RESULT_COLUMNS,
  CLUSTER_RESULTS,
  ClusterResultRow,
  DbTime,
  ENTITIES,
  FACETS,
  HISTORY,
  isPostgres,
  refKey,
  toMillis,
} from './rows';

/**
 * The cluster's stored rows, split by whether a newer audit than `checkedAt` wrote them.
 *
 * Why: an audit that outlived its lock, or a refresh that started before a scheduled audit,
 * can write after another replica stored newer results of the same cluster. Its rows are
 * older news: they must not overwrite those, nor delete them, nor recompute the entity from
 * them. The writes below also say so in SQL, for a newer write that commits meanwhile.
 */
async function storedInCluster(
  knex: Knex,
  cluster: string,
  checkedAt: Date,
): Promise<{ refs: Set<string>; newer: Set<string> }> {
  const rows: Array<{ entity_ref: string; checked_at: DbTime }> = await knex(
    CLUSTER_RESULTS,
  )
    .where({ cluster })
    .select('entity_ref', 'checked_at');
  const newer = rows.filter(r => toMillis(r.checked_at) > checkedAt.getTime());
  return {
    refs: new Set(rows.map(r => r.entity_ref)),
    newer: new Set(newer.map(r => r.entity_ref)),
  };
}

/**
 * Upserts one batch of a cluster's rows, fresh and reachable; returns those written (not
 * those a newer audit wrote meanwhile), for the recompute to use rather than read back.
 */
async function upsertClusterRows(
  tx: Knex.Transaction,
  results: ClusterResults,
  batch: Array<[string, EntityClusterResult]>,
): Promise<WrittenRows> {
  const rows: ClusterResultRow[] = batch.map(([ref, { workloads = [] }]) => ({
    entity_ref: ref,
    cluster: results.cluster,
    workloads: JSON.stringify(workloads),
    workloadList: workloads,
    health: worstHealth(workloads.map(w => w.health)),
    checked_at: results.checkedAt,
    stale: false,
    unreachable_since: null,
    error: null,
  }));
  const written = new Set(
    await upsertRows(
      tx,
      CLUSTER_RESULTS,
      CLUSTER_RESULT_COLUMNS,
      rows as unknown as Array<Record<string, unknown>>,
      {
        conflict: ['entity_ref', 'cluster'],
        onConflict: 'merge',
        // Never over a newer audit's row (see storedInCluster).
        mergeWhere: ['checked_at', results.checkedAt],
        returning: 'entity_ref',
      },
    ),
  );
  return {
    cluster: results.cluster,
    rows: new Map(
      rows.filter(r => written.has(r.entity_ref)).map(r => [r.entity_ref, r]),
    ),
  };
}

/** Deletes the cluster's rows of `refs`, unless a newer audit wrote them. */
async function deleteClusterRows(
  tx: Knex.Transaction,
  cluster: string,
  checkedAt: Date,
  refs: string[],
) {
  await whereAnyOf(tx(CLUSTER_RESULTS).where({ cluster }), 'entity_ref', refs)
    .where('checked_at', '<=', checkedAt)
    .delete();
}

/** What one write knows about the cluster before it starts. */
interface WritePlan {
  results: ClusterResults;
  byRef: Map<string, EntityClusterResult>;
  /** Entities with rows on the cluster before this write. */
  before: Set<string>;
  /** Entities whose stored input findings differ from those given. */
  inputChanged: Set<string>;
  aggregate: AggregateEntityStatus;
}

/**
 * One batch of a write, in one transaction: the rows of entities with workloads upserted,
 * those of entities that had some and have none deleted, and the entities recomputed whose
 * rows or input findings changed; on a refresh also those that have no entity row yet.
 */
function writeBatch(knex: Knex, plan: WritePlan, batch: string[]) {
  const { results, byRef, before, inputChanged } = plan;
  return inTransaction(knex, async tx => {
    const present = batch.filter(ref => byRef.get(ref)!.workloads?.length);
    const emptied = batch.filter(
      ref => !byRef.get(ref)!.workloads?.length && before.has(ref),
    );
    const written = await upsertClusterRows(
      tx,
      results,
      present.map(ref => [ref, byRef.get(ref)!]),
    );
    if (emptied.length) {
      await deleteClusterRows(tx, results.cluster, results.checkedAt, emptied);
    }
    const changed = new Set([
      ...present,
      ...emptied,
      ...batch.filter(ref => inputChanged.has(ref)),
    ]);
    // A scheduled audit's entities got their first status before the cadence's writes
    // (createMissingEntities); a refresh may name an entity that nothing has stored yet.
    const unseen = results.partial
      ? await withoutEntityRow(
          tx,
          batch.filter(ref => !changed.has(ref)),
        )
      : [];
    const refs = [...changed, ...unseen];
    // Catalog facts only of the entities recomputed: a copy of every entity, per cluster,
    // was most of an audit's memory at 50,000 entities × 50 clusters audited at once.
    const facts = new Map(refs.map(ref => [ref, storedFacts(byRef.get(ref)!)]));
    return refs.length
      ? recomputeEntities(tx, refs, facts, results.checkedAt, plan.aggregate, {
          written,
        })
      : NOTHING;
  });
}

/**
 * Stores one cluster's results. Only (entity, cluster) pairs with workloads get a row: at
 * catalog scale most entities run on one or two of dozens of clusters, and rows saying "none
 * here" were nearly all of the write (2.5 million rows at 50,000 entities × 50 clusters).
 * So an entity is recomputed only when its rows on this cluster change (it has workloads
 * here, or had) or its input findings do; the others are left as they are, and their
 * batches not even opened. Entities with no status yet get one before the cadence's writes
 * (`createMissingEntities`), once for all clusters: when every cluster's write created
 * them, ten first audits at once inserted the same rows in lockstep.
 */
export async function writeClusterResults(
  knex: Knex,
  results: ClusterResults,
  aggregate: AggregateEntityStatus,
): Promise<WriteSummary> {
  const { cluster, checkedAt } = results;
  const byRef = new Map<string, EntityClusterResult>();
  for (const e of results.entities) byRef.set(refKey(e.entityRef), e);
  const { refs: before, newer } = await storedInCluster(
    knex,
    cluster,
    checkedAt,
  );
  // A scheduled audit read the whole cluster: it is reachable for every entity.
  const transition = results.partial
    ? 'none'
    : await recordClusterState(knex, cluster, checkedAt, undefined);
  // A newer audit of the cluster is stored: this one changes nothing, not even the rows of
  // workloads the newer one saw gone (they would come back).
  if (transition === 'older') return NOTHING;
  const plan: WritePlan = {
    results,
    byRef,
    before,
    inputChanged: await inputFindingsChanged(knex, byRef),
    aggregate,
  };
  const touched = (ref: string) =>
    results.partial ||
    byRef.get(ref)!.workloads?.length ||
    before.has(ref) ||
    plan.inputChanged.has(ref);
  const writable = [...byRef.keys()].filter(
    ref => !newer.has(ref) && touched(ref),
  );
  const written = await writeBatches(knex, chunk(writable.sort()), batch =>
    writeBatch(knex, plan, batch),
  );
  if (results.partial) return written;

  // A scheduled audit saw the whole cluster: whatever it did not list is gone from it.
  const gone = [...before].filter(r => !byRef.has(r) && !newer.has(r)).sort();
  const removed = await recomputeInBatches(knex, gone, checkedAt, aggregate, {
    beforeRecompute: (tx, batch) =>
      deleteClusterRows(tx, cluster, checkedAt, batch),
  });
  const settled = await settleTransition(
    knex,
    cluster,
    checkedAt,
    transition,
    new Map(),
    aggregate,
  );
  return addSummaries(addSummaries(written, removed), settled);
}

/**
 * The written entities whose input findings differ from those stored: an annotation that
 * became unparsable, or was fixed, changes the status even where no workload changed. Only
 * entities with findings stored are read (a handful), besides those given with findings.
 */
async function inputFindingsChanged(
  knex: Knex,
  byRef: Map<string, EntityClusterResult>,
): Promise<Set<string>> {
  const rows: Array<{ entity_ref: string; input_findings: string }> =
    await knex(ENTITIES)
      .whereNotNull('input_findings')
      .select('entity_ref', 'input_findings');
  const stored = new Map(rows.map(r => [r.entity_ref, r.input_findings]));
  const changed = new Set<string>();
  const refs = new Set([...stored.keys(), ...byRef.keys()]);
  for (const ref of refs) {
    const given = byRef.get(ref);
    if (!given) continue;
    const now = given.inputFindings?.length
      ? JSON.stringify(given.inputFindings)
      : undefined;
    if (now !== stored.get(ref)) changed.add(ref);
  }
  return changed;
}

/** Removes every entity not listed (the catalog sweep); returns how many went. */
export async function removeEntitiesNotIn(
  knex: Knex,
  entityRefs: Iterable<string>,
): Promise<number> {
  const keep = new Set<string>();
  for (const ref of entityRefs) keep.add(refKey(ref));
  const stored = await knex
    .select('entity_ref')
    .from(ENTITIES)
    .union(knex.select('entity_ref').from(CLUSTER_RESULTS));
  const gone = [...new Set(stored.map(r => r.entity_ref as string))].filter(
    ref => !keep.has(ref),
  );
  for (const batch of chunk(gone)) {
    await inTransaction(knex, async tx => {
      // Locked in the order a write locks them: the cluster rows, then the entity rows,
      // each by ref. A sweep that locked the entities first waited for a write holding a
      // cluster row, which waited for the sweep's entity lock: a deadlock under load.
      if (isPostgres(tx)) {
        await tx(CLUSTER_RESULTS)
          .whereIn('entity_ref', batch)
          .orderBy(['entity_ref', 'cluster'])
          .select('entity_ref')
          .forUpdate();
      }
      // What is uncounted is what is deleted: the entity rows as locked.
      const rows = tx(ENTITIES)
        .whereIn('entity_ref', batch)
        .orderBy('entity_ref')
        .select('entity_ref', 'health', 'status_hash');
      const counted = await countedEntities(
        tx,
        await (isPostgres(tx) ? rows.forUpdate() : rows),
      );
      for (const table of [CLUSTER_RESULTS, FACETS, HISTORY, ENTITIES]) {
        await tx(table).whereIn('entity_ref', batch).delete();
      }
      await applyCountChanges(tx, counted, []);
    });
  }
  return gone.length;
}
