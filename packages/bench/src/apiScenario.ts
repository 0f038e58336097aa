import { generateScenario, ScenarioInput } from '@ecr-access/sandbox';

/**
 * Stored entities per cluster: the full benchmark's 50,000 entities × 50 clusters. Why not
 * all on one cluster: the engine matches each workload against every entity selecting on its
 * cluster, so one cluster's audit grows with entities × workloads (2,500 entities on one
 * cluster: 12 s; 5,000: 39 s; 50,000: over 6 minutes and 2.3 GB without finishing). Spread as
 * a real installation's catalog is, the same 50,000 statuses are written in minutes.
 */
export const ENTITIES_PER_CLUSTER = 1_000;

/**
 * Clusters audited at once by one backend. Each backend start indexes the 50,000-entity
 * catalog and waits for the scheduler to pick its tasks up (seconds each), which one backend
 * per cluster paid 50 times; all 50 at once in this process, which also serves the sandbox,
 * would hold every cluster's snapshot at the same time.
 */
export const SEED_BATCH = 10;

/** The clusters on which the `entities` stored entities run, about 1,000 on each. */
export function loadClusters(entities: number): string[] {
  const count = Math.max(1, Math.ceil(entities / ENTITIES_PER_CLUSTER));
  return Array.from({ length: count }, (_, c) => `bench-${c}`);
}

/** The cluster where none of them runs, audited last. */
export function emptyCluster(entities: number): string {
  return `bench-${loadClusters(entities).length}`;
}

/**
 * The clusters behind the API benchmark's stored statuses: the `entities` run their workloads
 * (generateScenario's mix of mechanisms and findings; entity i on `loadClusters()[i % n]`),
 * and one more cluster, in the first one's account, runs none, so that its audit measures what
 * "no workloads here" costs the store.
 */
export function apiScenario(entities: number): ScenarioInput {
  // One account per cluster, as in the full benchmark: the audit reads the policy of every
  // repository in its cluster's account and region, so a shared account would have each
  // cluster read the repositories of all 50,000 entities.
  const scenario = generateScenario({
    entities,
    clusters: loadClusters(entities).length,
    accountPerCluster: true,
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
