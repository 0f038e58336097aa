import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
// The request and response types are -common's contract (its `api/` folder).
import type * as wire from '@ecr-access/plugin-ecr-access-common';

/**
 * The ecr-access backend, as the frontend uses it.
 *
 * @public
 */
export interface EcrAccessApi {
  /** The entity's current status; `undefined` when it was never audited (or is not visible). */
  getEntityStatus(
    entity: CompoundEntityRef,
  ): Promise<wire.EntityStatusResponse | undefined>;
  /** The changes of an entity's status, newest first. */
  getEntityHistory(
    entity: CompoundEntityRef,
    options?: wire.HistoryQuery,
  ): Promise<wire.EntityHistoryEntry[]>;
  /**
   * Re-checks one entity now; needs `ecr-access.entity.refresh`. The answer is the new
   * status, with the clusters the refresh could not read.
   */
  refreshEntity(entity: CompoundEntityRef): Promise<wire.RefreshResponse>;
  /** A page of the audit of every entity the user may read. */
  getAudit(query?: wire.AuditQuery): Promise<wire.AuditResponse>;
  /**
   * The values the audit page's pickers offer (owners with their display names, clusters,
   * mechanisms, finding codes), over the entities the user may read.
   */
  getAuditFacets(): Promise<wire.AuditFacets>;
  /** The whole filtered audit as CSV; needs `ecr-access.audit.export`. */
  exportAuditCsv(filter?: wire.AuditFilter): Promise<Blob>;
  /** The most recent audit runs, newest first. */
  getAuditRuns(options?: wire.AuditRunsQuery): Promise<wire.AuditRun[]>;
  /**
   * Each configured cluster's latest pull set-up and reachability, with workloads per
   * runtime identity over them; needs `ecr-access.audit.runs.read`.
   */
  getClusterPullSetups(): Promise<wire.ClusterPullSetupsResponse>;
}

/**
 * The ref of {@link EcrAccessApi}. Created with the new frontend system's `createApiRef`, which
 * the legacy `@backstage/core-plugin-api` re-exports, so the same ref serves both systems.
 *
 * @public
 */
export const ecrAccessApiRef = createApiRef<EcrAccessApi>().with({
  id: 'plugin.ecr-access.service',
  pluginId: 'ecr-access',
});
