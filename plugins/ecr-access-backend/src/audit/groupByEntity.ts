import type { WorkloadStatus } from '@ecr-access/plugin-ecr-access-common';
import type { AuditCounts } from '../database';

/** Workload statuses by the entity refs they belong to (a workload may serve several). */
export function groupByEntity(
  statuses: WorkloadStatus[],
): Map<string, WorkloadStatus[]> {
  const byEntity = new Map<string, WorkloadStatus[]>();
  for (const status of statuses) {
    for (const ref of status.entityRefs) {
      const list = byEntity.get(ref) ?? [];
      list.push(status);
      byEntity.set(ref, list);
    }
  }
  return byEntity;
}

/** Workloads by mechanism and by health, for the run record and its log line. */
export function countWorkloads(statuses: WorkloadStatus[]): AuditCounts {
  const counts: AuditCounts = { byMechanism: {}, byHealth: {} };
  for (const status of statuses) {
    counts.byMechanism[status.pullAuth] =
      (counts.byMechanism[status.pullAuth] ?? 0) + 1;
    counts.byHealth[status.health] = (counts.byHealth[status.health] ?? 0) + 1;
  }
  return counts;
}
