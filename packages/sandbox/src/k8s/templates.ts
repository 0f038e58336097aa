import { ScenarioWorkload } from '../scenario/schema';
import { k8sTime, resolveTime } from '../time';
import { K8sObject } from './types';

/** Shapes shared by workloads, pods and refreshers. */

/** The pod template's spec; `serviceAccountName` only when the scenario sets one, as in a manifest. */
export function podSpec(workload: ScenarioWorkload) {
  const batch = workload.kind === 'CronJob' || workload.kind === 'Job';
  return {
    ...(workload.serviceAccount
      ? { serviceAccountName: workload.serviceAccount }
      : {}),
    containers: workload.images.map((image, i) => ({
      name: i === 0 ? workload.name : `sidecar-${i}`,
      image,
    })),
    ...(workload.initImages.length
      ? {
          initContainers: workload.initImages.map((image, i) => ({
            name: `init-${i}`,
            image,
          })),
        }
      : {}),
    ...(workload.imagePullSecrets.length
      ? { imagePullSecrets: workload.imagePullSecrets.map(name => ({ name })) }
      : {}),
    ...(workload.nodeSelector ? { nodeSelector: workload.nodeSelector } : {}),
    ...(workload.tolerations.length
      ? { tolerations: workload.tolerations }
      : {}),
    ...(batch ? { restartPolicy: 'OnFailure' } : {}),
  };
}

export function cronJobObject(
  metadata: K8sObject['metadata'],
  cron: { schedule: string; suspend: boolean; lastSuccess?: string },
  jobSpec: Record<string, unknown>,
  now: Date,
): K8sObject {
  const success = cron.lastSuccess
    ? k8sTime(resolveTime(cron.lastSuccess, now))
    : undefined;
  return {
    metadata,
    spec: {
      schedule: cron.schedule,
      suspend: cron.suspend,
      concurrencyPolicy: 'Forbid',
      jobTemplate: { spec: jobSpec },
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    },
    status: success
      ? { lastScheduleTime: success, lastSuccessfulTime: success }
      : {},
  };
}
