import { ScenarioCluster, ScenarioWorkload } from '../scenario/schema';
import { k8sTime, resolveTime } from '../time';
import type { Add, SeedContext } from './seed';
import { seedPods } from './seedPods';
import { seedRefresher } from './seedRefreshers';
import { cronJobObject, podSpec } from './templates';
import { K8sObject } from './types';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

function labelsOf(workload: ScenarioWorkload): Record<string, string> {
  return {
    app: workload.name,
    ...(workload.kubernetesId
      ? { [KUBERNETES_ID]: workload.kubernetesId }
      : {}),
    ...workload.labels,
  };
}

/** A Deployment or StatefulSet of the scenario, all its replicas ready when its pods run. */
function replicatedObject(
  workload: ScenarioWorkload,
  metadata: K8sObject['metadata'],
  template: Record<string, unknown>,
): K8sObject {
  const ready = workload.podPhase === 'Running' ? workload.replicas : 0;
  return {
    metadata,
    spec: {
      replicas: workload.replicas,
      selector: { matchLabels: { app: workload.name } },
      template,
      ...(workload.kind === 'StatefulSet'
        ? { serviceName: workload.name }
        : {}),
    },
    status: {
      replicas: workload.replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: 1,
    },
  };
}

/** The workload object itself, with the status its controller would report. */
function workloadObject(
  spec: ScenarioCluster,
  workload: ScenarioWorkload,
  labels: Record<string, string>,
  now: Date,
): K8sObject | undefined {
  const metadata = {
    name: workload.name,
    namespace: workload.namespace,
    labels,
    creationTimestamp: k8sTime(resolveTime(workload.createdAt, now)),
  };
  const template = { metadata: { labels }, spec: podSpec(workload) };
  const selector = { matchLabels: { app: workload.name } };
  const running = workload.podPhase === 'Running';
  switch (workload.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return replicatedObject(workload, metadata, template);
    case 'DaemonSet':
      return {
        metadata,
        spec: { selector, template },
        status: {
          desiredNumberScheduled: spec.nodes,
          numberReady: running ? spec.nodes : 0,
        },
      };
    case 'CronJob':
      return cronJobObject(
        metadata,
        {
          schedule: workload.schedule!,
          suspend: workload.suspended,
          lastSuccess: workload.lastSuccess,
        },
        { template },
        now,
      );
    case 'Job':
      return {
        metadata,
        spec: { template, backoffLimit: 6 },
        status: { succeeded: running ? 1 : 0 },
      };
    default:
      return undefined; // bare Pods: only the pod itself
  }
}

export function seedWorkloads(
  spec: ScenarioCluster,
  context: SeedContext,
  add: Add,
): void {
  for (const workload of spec.workloads) {
    const labels = labelsOf(workload);
    const object = workloadObject(spec, workload, labels, context.now);
    // Workloads come from manifests; their pods from the controllers.
    if (object) add(workload.kind, object, 'kubectl-client-side-apply');
    seedPods(spec, workload, labels, context, add);
  }
  for (const refresher of spec.refreshers) {
    seedRefresher(spec, refresher, context, add);
  }
}
