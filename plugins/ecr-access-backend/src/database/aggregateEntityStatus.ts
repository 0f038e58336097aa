import type {
  ClusterAuditState,
  EntityStatus,
  Finding,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';

/**
 * How an entity's status follows from what is stored for it: its workloads on every cluster,
 * each cluster as seen for it, and its own findings. The audit's classify stage supplies it
 * (`audit/pipeline/classify.ts`); the store decides nothing itself. The store calls it inside
 * the transaction that holds the entity's row lock, because two replicas writing two clusters
 * of one entity must each aggregate both clusters (`recomputeEntities.ts`).
 */
export type AggregateEntityStatus = (input: {
  entityRef: string;
  workloads: WorkloadStatus[];
  clusters: ClusterAuditState[];
  now: Date;
  findings?: Finding[];
}) => EntityStatus;
