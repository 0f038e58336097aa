import type { Knex } from 'knex';
import { worstHealth } from '@ecr-access/plugin-ecr-access-common';
import {
  AuditedEntity,
  ClusterResults,
  EntityClusterResult,
  WriteSummary,
} from './EcrAccessStore';
import { addSummaries, recomputeEntities } from './recomputeEntities';
import {
  chunk,
  CLUSTER_RESULTS,
  DbTime,
  ENTITIES,
  FACETS,
  HISTORY,
  INSERT_SIZE,
  refKey,
} from './rows';

const NOTHING: WriteSummary = { entities: 0, changed: 0 };
const MAX_ERROR_LENGTH = 1000;

function audited(e: EntityClusterResult): AuditedEntity {
  return {
    entityRef: refKey(e.entityRef),
    kind: e.kind,
    namespace: e.namespace,
    name: e.name,
    ...(e.owner ? { owner: refKey(e.owner) } : {}),
    ...(e.title ? { title: e.title } : {}),
  };
}

async function refsInCluster(knex: Knex, cluster: string): Promise<string[]> {
  const rows = await knex(CLUSTER_RESULTS)
    .where({ cluster })
    .select('entity_ref');
  return rows.map(r => r.entity_ref);
}

const millis = (time: DbTime) =>
  (time instanceof Date ? time : new Date(time)).getTime();

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
  const newer = rows.filter(r => millis(r.checked_at) > checkedAt.getTime());
  return {
    refs: new Set(rows.map(r => r.entity_ref)),
    newer: new Set(newer.map(r => r.entity_ref)),
  };
}

/** Recomputes entities batch by batch, one short transaction per batch. */
async function recomputeInBatches(
  knex: Knex,
  refs: string[],
  now: Date,
  beforeRecompute?: (tx: Knex.Transaction, batch: string[]) => Promise<void>,
  entities = new Map<string, AuditedEntity>(),
): Promise<WriteSummary> {
  let summary = NOTHING;
  for (const batch of chunk(refs)) {
    const written = await knex.transaction(async tx => {
      await beforeRecompute?.(tx, batch);
      return recomputeEntities(tx, batch, entities, now);
    });
    summary = addSummaries(summary, written);
  }
  return summary;
}

/** Upserts one batch of a cluster's rows, fresh and reachable. */
async function upsertClusterRows(
  tx: Knex.Transaction,
  results: ClusterResults,
  batch: Array<[string, EntityClusterResult]>,
) {
  const rows = batch.map(([ref, { workloads = [] }]) => ({
    entity_ref: ref,
    cluster: results.cluster,
    workloads: JSON.stringify(workloads),
    health: worstHealth(workloads.map(w => w.health)),
    checked_at: results.checkedAt,
    stale: false,
    unreachable_since: null,
    error: null,
  }));
  for (const insert of chunk(rows, INSERT_SIZE)) {
    await tx(CLUSTER_RESULTS)
      .insert(insert)
      .onConflict(['entity_ref', 'cluster'])
      .merge()
      // Never over a newer audit's row (see storedInCluster).
      .where(`${CLUSTER_RESULTS}.checked_at`, '<=', results.checkedAt);
  }
}

/** Those of `refs` that have no entity row yet. */
async function withoutEntityRow(
  tx: Knex.Transaction,
  refs: string[],
): Promise<string[]> {
  if (!refs.length) return [];
  const rows = await tx(ENTITIES)
    .whereIn('entity_ref', refs)
    .select('entity_ref');
  const found = new Set(rows.map(r => r.entity_ref as string));
  return refs.filter(ref => !found.has(ref));
}

/**
 * Stores one cluster's results. Only (entity, cluster) pairs with workloads get a row: at
 * catalog scale most entities run on one or two of dozens of clusters, and rows saying "none
 * here" were nearly all of the write (2.5 million rows at 50,000 entities × 50 clusters).
 * So an entity is recomputed only when its rows on this cluster change (it has workloads
 * here, or had) or when it has no entity row yet ("no workloads found" is still a stored
 * status, not a 404); the others are left as they are.
 */
export async function writeClusterResults(
  knex: Knex,
  results: ClusterResults,
): Promise<WriteSummary> {
  const { cluster, checkedAt } = results;
  const byRef = new Map<string, EntityClusterResult>();
  for (const e of results.entities) byRef.set(refKey(e.entityRef), e);
  // Catalog facts only of the entities recomputed: a copy of every entity, per cluster, was
  // most of an audit's memory at 50,000 entities × 50 clusters audited at once.
  const factsOf = (refs: string[]) =>
    new Map(refs.map(ref => [ref, audited(byRef.get(ref)!)]));
  const { refs: before, newer } = await storedInCluster(
    knex,
    cluster,
    checkedAt,
  );

  let written = NOTHING;
  const writable = [...byRef.keys()].filter(ref => !newer.has(ref));
  for (const batch of chunk(writable.sort())) {
    const summary = await knex.transaction(async tx => {
      const present = batch.filter(ref => byRef.get(ref)!.workloads?.length);
      const emptied = batch.filter(
        ref => !byRef.get(ref)!.workloads?.length && before.has(ref),
      );
      await upsertClusterRows(
        tx,
        results,
        present.map(ref => [ref, byRef.get(ref)!]),
      );
      if (emptied.length) {
        await tx(CLUSTER_RESULTS)
          .where({ cluster })
          .whereIn('entity_ref', emptied)
          .where('checked_at', '<=', checkedAt)
          .delete();
      }
      const changed = new Set([...present, ...emptied]);
      const unseen = await withoutEntityRow(
        tx,
        batch.filter(ref => !changed.has(ref)),
      );
      const refs = [...changed, ...unseen];
      return refs.length
        ? recomputeEntities(tx, refs, factsOf(refs), checkedAt)
        : NOTHING;
    });
    written = addSummaries(written, summary);
  }
  if (results.partial) return written;

  // A scheduled audit saw the whole cluster: whatever it did not list is gone from it.
  const gone = [...before].filter(r => !byRef.has(r) && !newer.has(r)).sort();
  const removed = await recomputeInBatches(
    knex,
    gone,
    checkedAt,
    async (tx, batch) => {
      await tx(CLUSTER_RESULTS)
        .where({ cluster })
        .whereIn('entity_ref', batch)
        .where('checked_at', '<=', checkedAt)
        .delete();
    },
  );
  return addSummaries(written, removed);
}

export async function markClusterUnreachable(
  knex: Knex,
  options: { cluster: string; checkedAt: Date; error: string },
): Promise<WriteSummary> {
  const { cluster, checkedAt } = options;
  const error = options.error.slice(0, MAX_ERROR_LENGTH);
  // Keep the workloads and their checked_at: the last known status stays, marked stale.
  // Only the cluster's own entities: an entity that had no workloads there is not affected.
  await knex(CLUSTER_RESULTS)
    .where({ cluster })
    .whereNot('workloads', '[]')
    // A newer audit reached the cluster since this one failed: its rows are not stale.
    .where('checked_at', '<=', checkedAt)
    .update({
      stale: true,
      error,
      unreachable_since: knex.raw('COALESCE(unreachable_since, ?)', [
        checkedAt,
      ]),
    });
  const refs = (await refsInCluster(knex, cluster)).sort();
  return recomputeInBatches(knex, refs, checkedAt);
}

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
    await knex.transaction(async tx => {
      for (const table of [CLUSTER_RESULTS, FACETS, HISTORY, ENTITIES]) {
        await tx(table).whereIn('entity_ref', batch).delete();
      }
    });
  }
  return gone.length;
}
