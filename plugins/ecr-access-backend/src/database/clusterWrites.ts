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
  const rows = batch.map(([ref, { workloads }]) => ({
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
      .merge();
  }
}

export async function writeClusterResults(
  knex: Knex,
  results: ClusterResults,
): Promise<WriteSummary> {
  const { cluster, checkedAt } = results;
  const byRef = new Map<string, EntityClusterResult>();
  for (const e of results.entities) byRef.set(refKey(e.entityRef), e);
  const entities = new Map([...byRef].map(([ref, e]) => [ref, audited(e)]));

  const written = await recomputeInBatches(
    knex,
    [...byRef.keys()].sort(),
    checkedAt,
    (tx, batch) =>
      upsertClusterRows(
        tx,
        results,
        batch.map(ref => [ref, byRef.get(ref)!]),
      ),
    entities,
  );
  if (results.partial) return written;

  // A scheduled audit saw the whole cluster: whatever it did not list is gone from it.
  const gone = (await refsInCluster(knex, cluster)).filter(r => !byRef.has(r));
  const removed = await recomputeInBatches(
    knex,
    gone,
    checkedAt,
    async (tx, batch) => {
      await tx(CLUSTER_RESULTS)
        .where({ cluster })
        .whereIn('entity_ref', batch)
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
