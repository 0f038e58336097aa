import type { Knex } from 'knex';
import { inTransaction } from './transactions';
import type { AggregateEntityStatus } from './aggregateEntityStatus';
import type { AuditedEntity, WriteSummary } from './EcrAccessStore';
import {
  NOTHING,
  recomputeInBatches,
  withoutEntityRow,
} from './recomputeEntities';
import {
  CLUSTERS,
  ClusterStateRow,
  ENTITIES,
  isPostgres,
  toBool,
  toMillis,
} from './rows';

/** A cluster error is kept short: a reason, not a dump. */
export const MAX_ERROR_LENGTH = 1000;

/**
 * What a scheduled audit's outcome does to the cluster's row, and so to the entities:
 * - `older`: a newer audit of the cluster is stored; this one changes nothing;
 * - `same`: reachability as before, every entity already aggregated with it;
 * - `first-read`: the cluster's first successful read: entities not yet checked may be now;
 * - `changed`: it became (un)reachable, or a recompute was cut short: every entity changes.
 */
export type Transition = 'none' | 'older' | 'same' | 'first-read' | 'changed';

export async function recordClusterState(
  knex: Knex,
  cluster: string,
  checkedAt: Date,
  error: string | undefined,
): Promise<Transition> {
  return inTransaction(knex, async tx => {
    const query = tx<ClusterStateRow>(CLUSTERS).where({ cluster });
    const stored = await (isPostgres(tx) ? query.forUpdate() : query).first();
    if (stored && toMillis(stored.checked_at) > checkedAt.getTime()) {
      return 'older';
    }
    const reachable = error === undefined;
    const wasReachable = stored ? toBool(stored.reachable) : undefined;
    let transition: Transition = 'same';
    if (!stored || !toBool(stored.settled) || wasReachable !== reachable) {
      transition =
        reachable && (!stored || stored.last_success_at === null)
          ? 'first-read'
          : 'changed';
      if (stored && !toBool(stored.settled)) transition = 'changed';
    }
    const row = {
      cluster,
      reachable,
      checked_at: checkedAt,
      last_success_at: reachable ? checkedAt : stored?.last_success_at ?? null,
      unreachable_since: reachable
        ? null
        : (wasReachable === false && stored?.unreachable_since) || checkedAt,
      error: reachable ? null : error!.slice(0, MAX_ERROR_LENGTH),
      settled: transition === 'same',
    };
    // Guarded too: two replicas' first rows of a cluster race past the row lock (there is
    // no row to lock yet); the newer audit's row wins.
    await tx(CLUSTERS)
      .insert(row)
      .onConflict('cluster')
      .merge()
      .where(`${CLUSTERS}.checked_at`, '<=', checkedAt);
    return transition;
  });
}

/**
 * Recomputes the entities a change of the cluster's reachability affects (all of them, or
 * on a first read those not yet checked or stale: UNSETTLED_BY_FIRST_READ), and those of
 * `entities` never stored; then marks the change settled, unless a newer audit of the
 * cluster is recorded meanwhile (its own write settles it). At 50,000 entities this is the
 * cost of a full write (DESIGN.md), paid when a cluster goes down or comes back, not on
 * every audit of a cluster that stays down.
 */
/**
 * The entities a cluster's first read can change without a row of theirs in it: those not yet
 * checked, and those stale (it may be the unreachable cluster). Its other entities' statuses
 * do not depend on a cluster reachable without their workloads. The text of the partial index
 * of migration 20261205, so that both engines use it.
 */
const UNSETTLED_BY_FIRST_READ = 'checked = false OR stale = true';

export async function settleTransition(
  knex: Knex,
  cluster: string,
  checkedAt: Date,
  transition: Transition,
  entities: Map<string, AuditedEntity>,
  aggregate: AggregateEntityStatus,
): Promise<WriteSummary> {
  if (transition === 'none' || transition === 'older') return NOTHING;
  const stored = knex(ENTITIES).select('entity_ref');
  if (transition === 'first-read') stored.whereRaw(UNSETTLED_BY_FIRST_READ);
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
    aggregate,
    {
      entities,
      // A first read makes "not yet checked" entities checked. Several clusters' first
      // reads at once each chose the same ones; whichever recomputes one first settles
      // it for all (the others' reads are added to a stored status when it is read), so
      // the others leave it rather than each write every such entity again.
      ...(transition === 'first-read' && {
        onlyIf: row => !toBool(row.checked ?? true) || toBool(row.stale),
      }),
    },
  );
  if (transition !== 'same') {
    await knex(CLUSTERS)
      .where({ cluster, checked_at: checkedAt })
      .update({ settled: true });
  }
  return summary;
}
