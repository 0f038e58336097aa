import { generateScenario, ScenarioInput } from '@ecr-access/sandbox';

/** The cluster where every stored entity runs, and the one where none does. */
export const LOAD_CLUSTER = 'bench-0';
export const EMPTY_CLUSTER = 'bench-1';

/**
 * The clusters behind the API benchmark's stored statuses: every one of `entities` runs its
 * workloads (generateScenario's mix of mechanisms and findings) on one cluster, and a second
 * cluster of the same account runs none, so that each entity also has a row for "no workloads
 * here", as every other cluster of an audit writes it.
 */
export function apiScenario(entities: number): ScenarioInput {
  const scenario = generateScenario({ entities, clusters: 1 });
  const [loaded] = scenario.clusters as any[];
  const empty = {
    ...loaded,
    name: EMPTY_CLUSTER,
    token: `${loaded.token}-empty`,
    serviceAccounts: [],
    pullSecrets: [],
    refreshers: [],
    workloads: [],
  };
  return { ...scenario, clusters: [loaded, empty] };
}
