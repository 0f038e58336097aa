import { generateScenario, ScenarioInput } from '@ecr-access/sandbox';

/**
 * Stored entities per cluster: the full benchmark's 50,000 entities × 50 clusters. Why not
 * all on one cluster: the engine matches each workload against every entity selecting on its
 * cluster, so one cluster's audit grows with entities × workloads (2,500 entities on one
 * cluster: 12 s; 5,000: 39 s; 50,000: over 6 minutes and 2.3 GB without finishing). Spread as
 * a real installation's catalog is, the same 50,000 statuses are written in minutes.
 */
export const ENTITIES_PER_CLUSTER = 1_000;

/** The clusters on which the `entities` stored entities run, about 1,000 on each. */
export function loadClusters(entities: number): string[] {
  const count = Math.max(1, Math.ceil(entities / ENTITIES_PER_CLUSTER));
  return Array.from({ length: count }, (_, c) => `bench-${c}`);
}

/** The cluster of the same account where none of them runs, audited last. */
export function emptyCluster(entities: number): string {
  return `bench-${loadClusters(entities).length}`;
}

/**
 * The clusters behind the API benchmark's stored statuses: the `entities` run their workloads
 * (generateScenario's mix of mechanisms and findings; entity i on `loadClusters()[i % n]`),
 * and one more cluster of the same account runs none, so that its audit measures what
 * "no workloads here" costs the store.
 */
export function apiScenario(entities: number): ScenarioInput {
  const scenario = generateScenario({
    entities,
    clusters: loadClusters(entities).length,
  });
  const loaded = scenario.clusters as any[];
  const empty = {
    ...loaded[0],
    name: emptyCluster(entities),
    token: `${loaded[0].token}-empty`,
    serviceAccounts: [],
    pullSecrets: [],
    refreshers: [],
    workloads: [],
  };
  return { ...scenario, clusters: [...loaded, empty] };
}
