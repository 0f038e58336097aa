import type {
  ClusterPullSetup,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import {
  classifyCluster,
  clusterPullSetup,
  ClusterSnapshot,
} from '@ecr-access/plugin-ecr-access-node';
import type { EntityClusterResult } from '../../database';
import type { ClusterAwsFacts } from './awsFacts';
import { AuditScope, scopeEntities, selectorsFor } from './scope';

/** What the engine concluded about one cluster. */
export interface Classified {
  /** Every workload of the cluster that was read. */
  statuses: WorkloadStatus[];
  /**
   * Each entity of the scope with its workloads here; one without any is passed as it is
   * (no `workloads`), so that a catalog of 50,000 entities is not copied per cluster.
   */
  entities: EntityClusterResult[];
  /**
   * The cluster's pull set-up, for a scheduled audit (the whole cluster was read); a refresh
   * read one entity's objects, from which no cluster-wide set-up follows.
   */
  pullSetup?: ClusterPullSetup;
}

/** Workload statuses by the entity refs they belong to (a workload may serve several). */
function groupByEntity(
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

/**
 * Stage 3, classify: the one place the snapshot is completed, with the AWS facts about the
 * cluster and the scope's selectors, and then classified by the pure engine, once per
 * workload, and grouped per entity. A refresh keeps only its entity's workloads: the
 * namespace's other CronJobs were read as possible refreshers. A scheduled audit also sums
 * up the cluster's pull set-up from the same snapshot, facts and statuses.
 */
export function classify(
  scope: AuditScope,
  snapshot: ClusterSnapshot,
  aws: ClusterAwsFacts,
  checkedAt: Date,
): Classified {
  const complete: ClusterSnapshot = {
    ...snapshot,
    cluster: {
      ...snapshot.cluster,
      oidcIssuer: snapshot.cluster.oidcIssuer ?? aws.oidcIssuer,
    },
    ...(aws.podIdentityAssociations && {
      podIdentityAssociations: aws.podIdentityAssociations,
    }),
    ...(aws.nodeGroups && { nodeGroups: aws.nodeGroups }),
    ...(aws.nodeInstanceProfiles && {
      nodeInstanceProfiles: aws.nodeInstanceProfiles,
    }),
    ...(aws.nodeInstanceProfilesUnread && {
      nodeInstanceProfilesUnread: aws.nodeInstanceProfilesUnread,
    }),
    ...(aws.fargateProfiles && { fargateProfiles: aws.fargateProfiles }),
    ...(aws.fargateProfilesUnread && {
      fargateProfilesUnread: aws.fargateProfilesUnread,
    }),
    ...(aws.nodeGroupsUnreadable && {
      forbidden: { ...snapshot.forbidden, nodeGroups: true },
    }),
    entities: selectorsFor(scope, snapshot),
  };
  const statuses = classifyCluster(complete, aws.iam, checkedAt);
  const byEntity = groupByEntity(statuses);
  return {
    statuses,
    ...(scope.kind === 'cluster' && {
      pullSetup: clusterPullSetup(complete, aws.iam, statuses),
    }),
    entities: scopeEntities(scope).map(entity => {
      const workloads = byEntity.get(entity.entityRef);
      return workloads ? { ...entity, workloads } : entity;
    }),
  };
}
