import type { WorkloadKind } from '@ecr-access/plugin-ecr-access-common';
import type { ClusterSnapshot } from './snapshot';

/** The snapshot's lists of workloads the engine classifies, with the kind of each. @internal */
export const WORKLOAD_LISTS: ReadonlyArray<
  readonly [WorkloadKind, keyof ClusterSnapshot]
> = [
  ['Deployment', 'deployments'],
  ['StatefulSet', 'statefulSets'],
  ['DaemonSet', 'daemonSets'],
  ['Job', 'jobs'],
  ['CronJob', 'cronJobs'],
  ['Rollout', 'rollouts'],
];
