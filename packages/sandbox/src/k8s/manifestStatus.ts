import { isTimeField, ScenarioManifest } from '../scenario/manifestSchema';
import { ScenarioCluster } from '../scenario/schema';
import { k8sTime, resolveTime } from '../time';
import { K8sObject } from './types';

/*
 * What the controllers do to an applied manifest, for `clusters[].manifests`: a Deployment,
 * StatefulSet or DaemonSet's status, a CronJob's status after `lastRun` and the Job that run
 * left, and the status times of a manifest resolved against the scenario's clock.
 */

export function resolveStatusTimes(value: unknown, now: Date): unknown {
  if (Array.isArray(value)) return value.map(v => resolveStatusTimes(v, now));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      typeof child === 'string' && isTimeField(key)
        ? k8sTime(resolveTime(child, now))
        : resolveStatusTimes(child, now),
    ]),
  );
}

export type PodTemplate = {
  metadata?: { labels?: Record<string, string> };
  spec?: Record<string, unknown> & {
    containers?: Array<{ name?: string; image?: string }>;
    imagePullSecrets?: unknown[];
    serviceAccountName?: string;
  };
};

export function templateOf(object: K8sObject): PodTemplate | undefined {
  return (object.spec as { template?: PodTemplate } | undefined)?.template;
}

export function podCount(spec: ScenarioCluster, object: K8sObject): number {
  if (object.kind === 'DaemonSet') return spec.nodes;
  const replicas = (object.spec as { replicas?: unknown } | undefined)
    ?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

/** The status the workload's controller reports once its pods run. */
export function workloadStatus(
  spec: ScenarioCluster,
  object: K8sObject,
): Record<string, unknown> | undefined {
  const n = podCount(spec, object);
  switch (object.kind) {
    case 'Deployment':
      return {
        observedGeneration: 1,
        replicas: n,
        updatedReplicas: n,
        readyReplicas: n,
        availableReplicas: n,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
          },
        ],
      };
    case 'StatefulSet':
      return {
        observedGeneration: 1,
        replicas: n,
        readyReplicas: n,
        currentReplicas: n,
        updatedReplicas: n,
        availableReplicas: n,
      };
    case 'DaemonSet':
      return {
        observedGeneration: 1,
        desiredNumberScheduled: n,
        currentNumberScheduled: n,
        updatedNumberScheduled: n,
        numberReady: n,
        numberAvailable: n,
        numberMisscheduled: 0,
      };
    default:
      return undefined;
  }
}

type LastRun = NonNullable<ScenarioManifest['lastRun']>;

export function cronJobStatus(run: LastRun, now: Date) {
  const at = k8sTime(resolveTime(run.at, now));
  const success =
    run.outcome === 'succeeded'
      ? at
      : run.lastSuccess && k8sTime(resolveTime(run.lastSuccess, now));
  return {
    lastScheduleTime: at,
    ...(success ? { lastSuccessfulTime: success } : {}),
  };
}

/**
 * A finished Job's status as the Job controller writes it: `SuccessCriteriaMet` then
 * `Complete`, or `FailureTarget` then `Failed` once `backoffLimit` retries failed; it ends
 * 20 s after it started.
 */
function finishedJobStatus(
  outcome: LastRun['outcome'],
  started: Date,
  backoffLimit: number,
) {
  const end = k8sTime(new Date(started.getTime() + 20_000));
  if (outcome === 'succeeded') {
    return {
      startTime: k8sTime(started),
      completionTime: end,
      succeeded: 1,
      ready: 0,
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True', lastTransitionTime: end },
        { type: 'Complete', status: 'True', lastTransitionTime: end },
      ],
    };
  }
  return {
    startTime: k8sTime(started),
    failed: backoffLimit + 1,
    ready: 0,
    conditions: [
      {
        type: 'FailureTarget',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        lastTransitionTime: end,
      },
      {
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        lastTransitionTime: end,
      },
    ],
  };
}

/** The Job the CronJob controller created for its latest run, as the run left it. */
export function jobOfRun(
  cronJob: K8sObject,
  run: LastRun,
  now: Date,
): K8sObject {
  const started = resolveTime(run.at, now);
  const jobTemplate = ((cronJob.spec as Record<string, unknown>)?.jobTemplate ??
    {}) as { metadata?: { labels?: Record<string, string> }; spec?: unknown };
  const backoffLimit =
    (jobTemplate.spec as { backoffLimit?: number } | undefined)?.backoffLimit ??
    6;
  const { name, namespace, uid } = cronJob.metadata;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      // The CronJob controller names a Job after the scheduled time, in minutes.
      name: `${name}-${Math.floor(started.getTime() / 60_000)}`,
      namespace,
      ...(jobTemplate.metadata?.labels
        ? { labels: jobTemplate.metadata.labels }
        : {}),
      annotations: {
        'batch.kubernetes.io/cronjob-scheduled-timestamp': k8sTime(started),
      },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name,
          uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      creationTimestamp: k8sTime(started),
    },
    spec: jobTemplate.spec ?? {},
    status: finishedJobStatus(run.outcome, started, backoffLimit),
  };
}
