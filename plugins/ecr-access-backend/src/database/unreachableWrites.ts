import type { Knex } from 'knex';
import { inTransaction } from './transactions';
import type { AggregateEntityStatus } from './aggregateEntityStatus';
import {
  MAX_ERROR_LENGTH,
  recordClusterState,
  settleTransition,
} from './clusterStates';
import type {
  AuditedEntity,
  ClusterUnreachable,
  WriteSummary,
} from './EcrAccessStore';
import { storedFacts } from './entityRecord';
import { NOTHING, recomputeEntities } from './recomputeEntities';
import {
  CLUSTER_RESULTS,
  CLUSTERS,
  ClusterStateRow,
  refKey,
  toMillis,
} from './rows';

/** Records that a cluster could not be read (see `EcrAccessStore.markClusterUnreachable`). */
export async function markClusterUnreachable(
  knex: Knex,
  options: ClusterUnreachable,
  aggregate: AggregateEntityStatus,
): Promise<WriteSummary> {
  const { cluster, checkedAt } = options;
  const error = options.error.slice(0, MAX_ERROR_LENGTH);
  const entities = new Map(
    (options.entities ?? []).map(e => [refKey(e.entityRef), storedFacts(e)]),
  );
  if (options.partial) {
    return markEntitiesUnreachable(knex, options, error, entities, aggregate);
  }
  // One row for the cluster; rows per (entity, cluster) keep their workloads and times,
  // the last known ones. The aggregate reads the cluster's row (entityClusterState).
  const transition = await recordClusterState(knex, cluster, checkedAt, error);
  return settleTransition(
    knex,
    cluster,
    checkedAt,
    transition,
    entities,
    aggregate,
  );
}

/**
 * A refresh that could not read the cluster: marks the entities' own rows there (created
 * without workloads where they had none, dated by the cluster's last good read), so that
 * their status shows it, unless a newer read of them is stored.
 */
async function markEntitiesUnreachable(
  knex: Knex,
  { cluster, checkedAt }: ClusterUnreachable,
  error: string,
  entities: Map<string, AuditedEntity>,
  aggregate: AggregateEntityStatus,
): Promise<WriteSummary> {
  const refs = [...entities.keys()].sort();
  if (!refs.length) return NOTHING;
  return inTransaction(knex, async tx => {
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
      ? recomputeEntities(tx, writable, entities, checkedAt, aggregate)
      : NOTHING;
  });
}
