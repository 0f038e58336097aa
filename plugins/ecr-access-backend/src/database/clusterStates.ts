import type { Knex } from 'knex';
import {
  CLUSTERS,
  ClusterStateRow,
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
  return knex.transaction(async tx => {
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
