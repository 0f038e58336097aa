/** A cluster an on-demand refresh could not read, and why (unredacted: served redacted). */
export interface RefreshUnreachable {
  cluster: string;
  message: string;
}

/**
 * Re-checks one entity now, outside the schedule: label-selected reads of that entity's
 * workloads in every cluster, then a partial write of the results to the store
 * (DESIGN.md "Data flow of an audit", step 6). Implemented by the audit's scheduler, which
 * runs the scheduled audit's pipeline with the entity's scope (`audit/pipeline/scope.ts`).
 */
export interface EntityRefresher {
  /**
   * Resolves once the entity's new results are stored, with the clusters it could not read
   * (marked unreachable in the entity's status). Throws `InputError` for an entity without
   * the Kubernetes annotations.
   */
  refreshEntity(
    entityRef: string,
  ): Promise<{ unreachable: RefreshUnreachable[] }>;
}
