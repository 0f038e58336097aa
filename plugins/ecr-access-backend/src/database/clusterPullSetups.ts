import type { Knex } from 'knex';
import { latestPullSetup } from './auditRuns';
import type { StoredClusterPullSetup } from './EcrAccessStore';
import { entityClusterState } from './entityRecord';
import { CLUSTERS, ClusterStateRow } from './rows';

/**
 * Each cluster's latest pull set-up beside its reachability: the set-up from the runs (the
 * latest that read one), the reachability from the cluster's row (its latest audit), so
 * that a cluster down since its last read shows that read as the last known one, never as
 * current. One small query per cluster, by index; the cluster rows are a few.
 */
export async function clusterPullSetups(
  knex: Knex,
  clusters: string[],
): Promise<StoredClusterPullSetup[]> {
  const [states, setups] = await Promise.all([
    knex<ClusterStateRow>(CLUSTERS).whereIn('cluster', clusters).select(),
    Promise.all(clusters.map(cluster => latestPullSetup(knex, cluster))),
  ]);
  const stateOf = new Map(states.map(s => [s.cluster, s]));
  return clusters.map((cluster, i) => {
    const state = stateOf.get(cluster);
    const stored = setups[i];
    return {
      cluster,
      ...(state && { state: entityClusterState(undefined, state) }),
      ...(stored && { pullSetup: stored.setup, readAt: stored.readAt }),
    };
  });
}
