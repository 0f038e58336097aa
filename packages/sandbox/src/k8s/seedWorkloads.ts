import { createHash } from 'node:crypto';
import { ScenarioCluster, ScenarioWorkload } from '../scenario/schema';
import { k8sTime, resolveTime } from '../time';
import { resourceTypeOfKind } from './resources';
import { managedEntry } from './store';
import { K8sObject } from './types';
import type { SeedContext } from './seed';

type Add = (kind: string, object: K8sObject, manager?: string) => K8sObject;
type Refresher = ScenarioCluster['refreshers'][number];

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

function shortHash(text: string, length: number): string {
  // Pod-template-hash-like suffixes, stable across runs for the same scenario.
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

function labelsOf(workload: ScenarioWorkload): Record<string, string> {
  return {
    app: workload.name,
    ...(workload.kubernetesId
      ? { [KUBERNETES_ID]: workload.kubernetesId }
      : {}),
    ...workload.labels,
  };
}

function podSpec(workload: ScenarioWorkload, names: { main: string }) {
  return {
    ...(workload.serviceAccount
      ? { serviceAccountName: workload.serviceAccount }
      : {}),
    containers: workload.images.map((image, i) => ({
      name: i === 0 ? names.main : `sidecar-${i}`,
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
    ...(workload.kind === 'CronJob' || workload.kind === 'Job'
      ? { restartPolicy: 'OnFailure' }
      : {}),
  };
}

export function seedWorkloads(
  spec: ScenarioCluster,
  context: SeedContext,
  add: Add,
): void {
  for (const workload of spec.workloads) {
    const labels = labelsOf(workload);
    const created = k8sTime(resolveTime(workload.createdAt, context.now));
    const template = {
      metadata: { labels },
      spec: podSpec(workload, { main: workload.name }),
    };
    const metadata = {
      name: workload.name,
      namespace: workload.namespace,
      labels,
      creationTimestamp: created,
    };
    const ready = workload.podPhase === 'Running' ? workload.replicas : 0;
    if (workload.kind === 'Deployment' || workload.kind === 'StatefulSet') {
      add(workload.kind, {
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
      });
    } else if (workload.kind === 'DaemonSet') {
      add('DaemonSet', {
        metadata,
        spec: { selector: { matchLabels: { app: workload.name } }, template },
        status: {
          desiredNumberScheduled: spec.nodes,
          numberReady: workload.podPhase === 'Running' ? spec.nodes : 0,
        },
      });
    } else if (workload.kind === 'CronJob') {
      add(
        'CronJob',
        cronJobObject(
          metadata,
          workload.schedule!,
          workload.suspended,
          { template },
          workload.lastSuccess,
          context.now,
        ),
      );
    } else if (workload.kind === 'Job') {
      add('Job', {
        metadata,
        spec: { template, backoffLimit: 6 },
        status: { succeeded: workload.podPhase === 'Running' ? 1 : 0 },
      });
    }
    seedPods(spec, workload, labels, context, add);
  }
  for (const refresher of spec.refreshers) {
    seedRefresher(spec, refresher, context, add);
  }
}

function cronJobObject(
  metadata: K8sObject['metadata'],
  schedule: string,
  suspend: boolean,
  jobSpec: Record<string, unknown>,
  lastSuccess: string | undefined,
  now: Date,
): K8sObject {
  const success = lastSuccess
    ? k8sTime(resolveTime(lastSuccess, now))
    : undefined;
  return {
    metadata,
    spec: {
      schedule,
      suspend,
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

function seedPods(
  spec: ScenarioCluster,
  workload: ScenarioWorkload,
  labels: Record<string, string>,
  context: SeedContext,
  add: Add,
) {
  // CronJobs have no pods between runs; other kinds get `replicas` running pods.
  if (workload.kind === 'CronJob') return;
  let count = workload.replicas;
  if (workload.kind === 'DaemonSet') count = spec.nodes;
  if (workload.kind === 'Pod' || workload.kind === 'Job') count = 1;
  const saName = workload.serviceAccount ?? 'default';
  const sa = spec.serviceAccounts.find(
    s => s.namespace === workload.namespace && s.name === saName,
  );
  // ServiceAccount admission copies the SA's imagePullSecrets into pods that name none.
  const pullSecrets = workload.imagePullSecrets.length
    ? workload.imagePullSecrets
    : sa?.imagePullSecrets ?? [];
  for (let i = 0; i < count; i++) {
    const name =
      workload.kind === 'Pod'
        ? workload.name
        : `${workload.name}-${shortHash(workload.name, 10)}-${shortHash(
            `${workload.name}/${i}`,
            5,
          )}`;
    let node = nodeName(spec, spec.nodes > 0 ? i % spec.nodes : 0);
    const podLabels = { ...labels };
    if (workload.fargate) {
      node = `fargate-ip-10-1-${i}-${parseInt(shortHash(name, 2), 36) % 250}.${
        spec.region
      }.compute.internal`;
      podLabels['eks.amazonaws.com/fargate-profile'] = 'fp-default';
      add('Node', {
        metadata: {
          name: node,
          labels: {
            'eks.amazonaws.com/compute-type': 'fargate',
            'kubernetes.io/hostname': node,
          },
        },
        spec: {},
      });
    }
    const base = podSpec(workload, { main: workload.name });
    add('Pod', {
      metadata: {
        name,
        namespace: workload.namespace,
        labels: podLabels,
        creationTimestamp: k8sTime(
          resolveTime(workload.createdAt, context.now),
        ),
      },
      spec: {
        ...base,
        serviceAccountName: saName,
        nodeName: node,
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

/**
 * The classic `regcred` refresher: a CronJob that runs `aws ecr
 * get-login-password` and rewrites the secret, with a Role that lets it update
 * only that secret (resourceNames), and static AWS keys in its env.
 */
function seedRefresher(
  spec: ScenarioCluster,
  refresher: Refresher,
  context: SeedContext,
  add: Add,
) {
  const { namespace, name, secret } = refresher;
  const region =
    /\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/.exec(refresher.registry)?.[1] ??
    spec.region;
  const script = [
    'set -euo pipefail',
    `TOKEN=$(aws ecr get-login-password --region ${region})`,
    `kubectl create secret docker-registry ${secret} --namespace ${namespace} --docker-server=${refresher.registry} --docker-username=AWS --docker-password="$TOKEN" --dry-run=client -o yaml | kubectl apply -f -`,
  ].join('\n');
  const env = [
    { name: 'AWS_ACCESS_KEY_ID', value: 'AKIASANDBOXREFRESHER' },
    { name: 'AWS_SECRET_ACCESS_KEY', value: context.canary },
  ];
  const template = {
    metadata: { labels: { app: name } },
    spec: {
      serviceAccountName: name,
      restartPolicy: 'OnFailure',
      containers: [
        {
          name: 'refresh',
          image: refresher.image,
          command: ['/bin/bash', '-c', script],
          env,
        },
      ],
    },
  };
  const metadata = {
    name,
    namespace,
    labels: {
      app: name,
      'app.kubernetes.io/component': 'ecr-credential-refresher',
    },
    creationTimestamp: k8sTime(resolveTime(refresher.createdAt, context.now)),
  };
  add(
    'CronJob',
    cronJobObject(
      metadata,
      refresher.schedule,
      refresher.suspended,
      { template, backoffLimit: 2 },
      refresher.lastSuccess,
      context.now,
    ),
  );
  if (refresher.rbac) {
    add('ServiceAccount', { metadata: { name, namespace } });
    add('Role', {
      metadata: { name, namespace },
      rules: [
        {
          apiGroups: [''],
          resources: ['secrets'],
          resourceNames: [secret],
          verbs: ['get', 'update', 'patch'],
        },
      ],
    });
    add('RoleBinding', {
      metadata: { name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    });
  }
  const declared = spec.pullSecrets.some(
    s => s.namespace === namespace && s.name === secret,
  );
  if (!declared && refresher.lastSuccess) {
    seedRefreshedSecret(
      refresher,
      resolveTime(refresher.lastSuccess, context.now),
      context,
      add,
    );
  }
}

function seedRefreshedSecret(
  refresher: Refresher,
  written: Date,
  context: SeedContext,
  add: Add,
) {
  const password = Buffer.from(
    JSON.stringify({ payload: context.canary, version: '2' }),
  ).toString('base64');
  const auths = {
    [refresher.registry]: {
      username: 'AWS',
      password,
      auth: Buffer.from(`AWS:${password}`).toString('base64'),
    },
  };
  const object: K8sObject = {
    metadata: {
      name: refresher.secret,
      namespace: refresher.namespace,
      creationTimestamp: k8sTime(resolveTime(refresher.createdAt, context.now)),
    },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString(
        'base64',
      ),
    },
  };
  object.metadata.managedFields = [
    managedEntry(
      resourceTypeOfKind('Secret'),
      'kubectl-client-side-apply',
      written,
      object,
    ),
  ];
  add('Secret', object);
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
  return { waiting: { reason: 'ContainerCreating' } };
}
