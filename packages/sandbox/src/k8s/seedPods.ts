import { createHash } from 'node:crypto';
import { ScenarioCluster, ScenarioWorkload } from '../scenario/schema';
import { fargateProfileFor } from '../scenario/derived';
import { k8sTime, resolveTime } from '../time';
import type { Add, SeedContext } from './seed';
import { podSpec } from './templates';

/** Pod-template-hash-like suffixes, stable across runs for the same scenario. */
export function shortHash(text: string, length: number): string {
  return createHash('sha1')
    .update(text)
    .digest('hex')
    .slice(0, length)
    .replace(/[0-9]/g, d => 'bcdfghjklm'[Number(d)]);
}

/** EC2 node names as EKS gives them (`ip-10-0-x-y.<region>.compute.internal`). */
export function nodeName(spec: ScenarioCluster, index: number): string {
  const octets = createHash('md5').update(`${spec.name}/${index}`).digest();
  const domain =
    spec.region === 'us-east-1'
      ? 'ec2.internal'
      : `${spec.region}.compute.internal`;
  return `ip-10-0-${octets[0]}-${octets[1]}.${domain}`;
}

function podCount(spec: ScenarioCluster, workload: ScenarioWorkload): number {
  // CronJobs have no pods between runs.
  if (workload.kind === 'CronJob') return 0;
  if (workload.kind === 'DaemonSet') return spec.nodes;
  if (workload.kind === 'Pod' || workload.kind === 'Job') return 1;
  return workload.replicas;
}

function podName(workload: ScenarioWorkload, index: number): string {
  if (workload.kind === 'Pod') return workload.name;
  const template = shortHash(workload.name, 10);
  return `${workload.name}-${template}-${shortHash(
    `${workload.name}/${index}`,
    5,
  )}`;
}

/** Each Fargate pod runs on a node of its own, labelled as EKS labels them. */
function fargateNode(
  spec: ScenarioCluster,
  pod: string,
  index: number,
  add: Add,
): string {
  const octet = parseInt(shortHash(pod, 2), 36) % 250;
  const name = `fargate-ip-10-1-${index}-${octet}.${spec.region}.compute.internal`;
  add('Node', {
    metadata: {
      name,
      labels: {
        'eks.amazonaws.com/compute-type': 'fargate',
        'kubernetes.io/hostname': name,
      },
    },
    spec: {},
  });
  return name;
}

export function seedPods(
  spec: ScenarioCluster,
  workload: ScenarioWorkload,
  labels: Record<string, string>,
  context: SeedContext,
  add: Add,
): void {
  const saName = workload.serviceAccount ?? 'default';
  const sa = spec.serviceAccounts.find(
    s => s.namespace === workload.namespace && s.name === saName,
  );
  // ServiceAccount admission copies the SA's imagePullSecrets into pods that name none.
  const pullSecrets = workload.imagePullSecrets.length
    ? workload.imagePullSecrets
    : sa?.imagePullSecrets ?? [];
  const created = k8sTime(resolveTime(workload.createdAt, context.now));
  for (let i = 0; i < podCount(spec, workload); i++) {
    const name = podName(workload, i);
    const podLabels = { ...labels };
    let node = nodeName(spec, spec.nodes > 0 ? i % spec.nodes : 0);
    if (workload.fargate) {
      node = fargateNode(spec, name, i, add);
      podLabels['eks.amazonaws.com/fargate-profile'] = fargateProfileFor(
        spec,
        workload.namespace,
        labels,
      );
    }
    add('Pod', {
      metadata: {
        name,
        namespace: workload.namespace,
        labels: podLabels,
        creationTimestamp: created,
      },
      spec: {
        ...podSpec(workload),
        serviceAccountName: saName,
        nodeName: node,
        // EKS's Fargate admission webhook hands Fargate pods to its own scheduler.
        ...(workload.fargate ? { schedulerName: 'fargate-scheduler' } : {}),
        ...(pullSecrets.length
          ? { imagePullSecrets: pullSecrets.map(n => ({ name: n })) }
          : {}),
      },
      status: podStatus(workload),
    });
  }
}

function podStatus(workload: ScenarioWorkload) {
  const running = workload.podPhase === 'Running';
  return {
    phase: running ? 'Running' : 'Pending',
    containerStatuses: workload.images.map((image, i) => ({
      name: i === 0 ? workload.name : `sidecar-${i}`,
      image,
      ready: running,
      state: containerState(workload.podPhase, image),
    })),
  };
}

function containerState(phase: ScenarioWorkload['podPhase'], image: string) {
  if (phase === 'Running') return { running: {} };
  if (phase === 'ImagePullBackOff') {
    return {
      waiting: {
        reason: 'ImagePullBackOff',
        message: `Back-off pulling image "${image}"`,
      },
    };
  }
  if (phase === 'InvalidImageName') {
    // The kubelet's wording when the image reference does not parse.
    return {
      waiting: {
        reason: 'InvalidImageName',
        message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format: repository name must be lowercase`,
      },
    };
  }
  return { waiting: { reason: 'ContainerCreating' } };
}
