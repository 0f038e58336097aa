import { ScenarioCluster } from '../scenario/schema';
import { k8sTime, resolveTime } from '../time';
import { pullSecretObject } from './pullSecret';
import type { Add, SeedContext } from './seed';
import { cronJobObject } from './templates';

type Refresher = ScenarioCluster['refreshers'][number];

/**
 * The classic `regcred` refresher: a CronJob that runs `aws ecr
 * get-login-password` and rewrites the secret with `kubectl apply`, static AWS
 * keys in its env (the secret one is the canary), and a Role that lets it
 * update only that secret (`resourceNames`).
 */
export function seedRefresher(
  spec: ScenarioCluster,
  refresher: Refresher,
  context: SeedContext,
  add: Add,
): void {
  add('CronJob', refresherCronJob(spec, refresher, context));
  if (refresher.rbac) seedRefresherRbac(refresher, add);
  const declared = spec.pullSecrets.some(
    s => s.namespace === refresher.namespace && s.name === refresher.secret,
  );
  if (!declared && refresher.lastSuccess) {
    // The secret as the last successful run left it.
    add(
      'Secret',
      pullSecretObject({
        namespace: refresher.namespace,
        name: refresher.secret,
        registries: [refresher.registry],
        canary: context.canary,
        created: resolveTime(refresher.createdAt, context.now),
        written: resolveTime(refresher.lastSuccess, context.now),
        manager: 'kubectl-client-side-apply',
      }),
    );
  }
}

function refresherCronJob(
  spec: ScenarioCluster,
  refresher: Refresher,
  context: SeedContext,
) {
  const { namespace, name, secret, registry } = refresher;
  const region =
    /\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/.exec(registry)?.[1] ??
    spec.region;
  const script = [
    'set -euo pipefail',
    `TOKEN=$(aws ecr get-login-password --region ${region})`,
    `kubectl create secret docker-registry ${secret} --namespace ${namespace} --docker-server=${registry} --docker-username=AWS --docker-password="$TOKEN" --dry-run=client -o yaml | kubectl apply -f -`,
  ].join('\n');
  const container = {
    name: 'refresh',
    image: refresher.image,
    command: ['/bin/bash', '-c', script],
    env: [
      { name: 'AWS_ACCESS_KEY_ID', value: 'AKIASANDBOXREFRESHER' },
      { name: 'AWS_SECRET_ACCESS_KEY', value: context.canary },
    ],
  };
  const template = {
    metadata: { labels: { app: name } },
    spec: {
      serviceAccountName: name,
      restartPolicy: 'OnFailure',
      containers: [container],
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
  return cronJobObject(
    metadata,
    {
      schedule: refresher.schedule,
      suspend: refresher.suspended,
      lastSuccess: refresher.lastSuccess,
    },
    { template, backoffLimit: 2 },
    context.now,
  );
}

function seedRefresherRbac({ namespace, name, secret }: Refresher, add: Add) {
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
