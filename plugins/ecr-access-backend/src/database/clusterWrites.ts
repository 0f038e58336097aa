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
  MAX_ERROR_LENGTH,
  recordClusterState,
  Transition,
} from './clusterStates';
import {
  chunk,
  CLUSTER_RESULTS,
  CLUSTERS,
  ClusterStateRow,
  DbTime,
  ENTITIES,
  FACETS,
  HISTORY,
  INSERT_SIZE,
  refKey,
  toMillis,
} from './rows';

const NOTHING: WriteSummary = { entities: 0, changed: 0 };

function audited(e: EntityClusterResult): AuditedEntity {
  return {
    entityRef: refKey(e.entityRef),
    kind: e.kind,
    namespace: e.namespace,
    name: e.name,
    ...(e.owner ? { owner: refKey(e.owner) } : {}),
    ...(e.title ? { title: e.title } : {}),
    ...(e.inputFindings?.length ? { inputFindings: e.inputFindings } : {}),
  };
}

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

/** Those of `refs` that have no entity row yet, read in chunks. */
async function withoutEntityRow(knex: Knex, refs: string[]): Promise<string[]> {
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
  // A scheduled audit read the whole cluster: it is reachable for every entity.
  const transition = results.partial
    ? 'none'
    : await recordClusterState(knex, cluster, checkedAt, undefined);
  // A newer audit of the cluster is stored: this one changes nothing, not even the rows of
  // workloads the newer one saw gone (they would come back).
  if (transition === 'older') return NOTHING;
  const inputChanged = await inputFindingsChanged(knex, byRef);

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
      const changed = new Set([
        ...present,
        ...emptied,
        ...batch.filter(ref => inputChanged.has(ref)),
      ]);
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
  written = addSummaries(written, removed);
  const settled = await settleTransition(
    knex,
    cluster,
    checkedAt,
    transition,
    new Map(),
  );
  return addSummaries(written, settled);
}

/**
 * Recomputes the entities a change of the cluster's reachability affects (all of them, or
 * on a first read those not yet checked, whose health is `unknown`), and those of
 * `entities` never stored; then marks the change settled, unless a newer audit of the
 * cluster is recorded meanwhile (its own write settles it). At 50,000 entities this is the
 * cost of a full write (DESIGN.md), paid when a cluster goes down or comes back, not on
 * every audit of a cluster that stays down.
 */
async function settleTransition(
  knex: Knex,
  cluster: string,
  checkedAt: Date,
  transition: Transition,
  entities: Map<string, AuditedEntity>,
): Promise<WriteSummary> {
  if (transition === 'none' || transition === 'older') return NOTHING;
  const stored = knex(ENTITIES).select('entity_ref');
  if (transition === 'first-read') stored.where('health', 'unknown');
  const refs =
    transition === 'same'
      ? []
      : (await stored).map(r => r.entity_ref as string);
  const known = new Set(refs);
  const unseen =
    transition === 'changed'
      ? [...entities.keys()].filter(ref => !known.has(ref))
      : await withoutEntityRow(knex, [...entities.keys()]);
  const summary = await recomputeInBatches(
    knex,
    [...new Set([...refs, ...unseen])].sort(),
    checkedAt,
    undefined,
    entities,
  );
  if (transition !== 'same') {
    await knex(CLUSTERS)
      .where({ cluster, checked_at: checkedAt })
      .update({ settled: true });
  }
  return summary;
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

export async function markClusterUnreachable(
  knex: Knex,
  options: {
    cluster: string;
    checkedAt: Date;
    error: string;
    entities?: AuditedEntity[];
    partial?: boolean;
  },
): Promise<WriteSummary> {
  const { cluster, checkedAt } = options;
  const error = options.error.slice(0, MAX_ERROR_LENGTH);
  const entities = new Map(
    (options.entities ?? []).map(e => [refKey(e.entityRef), audited(e)]),
  );
  if (options.partial) {
    return markEntitiesUnreachable(knex, cluster, checkedAt, error, entities);
  }
  // One row for the cluster; rows per (entity, cluster) keep their workloads and times,
  // the last known ones. The aggregate reads the cluster's row (entityClusterState).
  const transition = await recordClusterState(knex, cluster, checkedAt, error);
  return settleTransition(knex, cluster, checkedAt, transition, entities);
}

/**
 * A refresh that could not read the cluster: marks the entities' own rows there (created
 * without workloads where they had none, dated by the cluster's last good read), so that
 * their status shows it, unless a newer read of them is stored.
 */
async function markEntitiesUnreachable(
  knex: Knex,
  cluster: string,
  checkedAt: Date,
  error: string,
  entities: Map<string, AuditedEntity>,
): Promise<WriteSummary> {
  const refs = [...entities.keys()].sort();
  if (!refs.length) return NOTHING;
  return knex.transaction(async tx => {
    const state = await tx<ClusterStateRow>(CLUSTERS)
      .where({ cluster })
      .first();
    const rows = await tx(CLUSTER_RESULTS)
      .where({ cluster })
      .whereIn('entity_ref', refs)
      .select('entity_ref', 'checked_at');
    const stored = new Map(
      rows.map(r => [r.entity_ref, toMillis(r.checked_at)]),
    );
    const writable = refs.filter(
      ref => (stored.get(ref) ?? 0) <= checkedAt.getTime(),
    );
    for (const ref of writable) {
      if (stored.has(ref)) {
        await tx(CLUSTER_RESULTS)
          .where({ cluster, entity_ref: ref })
          .update({
            stale: true,
            error,
            unreachable_since: tx.raw('COALESCE(unreachable_since, ?)', [
              checkedAt,
            ]),
          });
      } else {
        await tx(CLUSTER_RESULTS)
          .insert({
            entity_ref: ref,
            cluster,
            workloads: '[]',
            health: 'ok',
            // The last good read of the entity there: the cluster's, when there was one.
            checked_at: state?.last_success_at ?? new Date(0),
            stale: true,
            unreachable_since: checkedAt,
            error,
          })
          .onConflict(['entity_ref', 'cluster'])
          .ignore();
      }
    }
    return writable.length
      ? recomputeEntities(tx, writable, entities, checkedAt)
      : NOTHING;
  });
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
