import type { EcrAccessApi } from '@ecr-access/plugin-ecr-access';
import type { CardState } from './examples/cardStates';

type EntityName = Parameters<EcrAccessApi['getEntityStatus']>[0];

const NOT_HERE =
  "The card gallery's entities run in no cluster: only their cards are shown";

/**
 * The plugin's API client as the gallery's cards see it: each entity's stored status from the
 * examples, and a refresh that answers it again. The audit page's calls are not the gallery's.
 */
export function galleryEcrAccessApi(states: CardState[]): EcrAccessApi {
  const statusOf = (entity: EntityName) =>
    states.find(s => s.name === entity.name)?.status;
  const notHere = () => Promise.reject(new Error(NOT_HERE));
  const api = {
    getEntityStatus: async (entity: EntityName) => statusOf(entity),
    getEntityHistory: async () => [],
    refreshEntity: async (entity: EntityName) => {
      const status = statusOf(entity);
      if (!status) throw new Error(NOT_HERE);
      return { ...status, unreachableClusters: [] };
    },
    getAudit: notHere,
    getAuditFacets: notHere,
    exportAuditCsv: notHere,
    getAuditRuns: notHere,
    getClusterPullSetups: notHere,
  };
  return api;
}
