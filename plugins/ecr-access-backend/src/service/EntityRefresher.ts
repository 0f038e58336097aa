/**
 * Re-checks one entity now, outside the schedule: label-selected reads of that entity's
 * workloads in every cluster, then a partial write of the results to the store
 * (DESIGN.md "Data flow of an audit", step 6). Implemented by the audit.
 */
export interface EntityRefresher {
  /** Resolves once the entity's new results are stored. */
  refreshEntity(entityRef: string): Promise<void>;
}
