import type { Entity } from '@backstage/catalog-model';
import {
  createFinding,
  describePullStatus,
  PULL_AUTHS,
  type PullAuth,
  type RefresherSummary,
  type WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import type { EntityStatusResponse } from '@ecr-access/plugin-ecr-access-common';

const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/** A catalog entity that the audit covers. */
export function auditedEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

function workload(
  name: string,
  pullAuth: PullAuth,
  extra: Partial<WorkloadStatus> = {},
): WorkloadStatus {
  return {
    cluster: 'prod-use1',
    namespace: 'shop',
    kind: 'Deployment',
    name,
    entityRefs: [`component:default/${name}`],
    serviceAccount: 'default',
    runtimeIdentity: 'node-role',
    pullAuth,
    pullAuths: [pullAuth],
    containers: [
      {
        name,
        init: false,
        image: `111122223333.dkr.ecr.us-east-1.amazonaws.com/${name}:1.0.0`,
        pullAuth,
        findings: [],
        health: 'ok',
      },
    ],
    findings: [],
    health: 'ok',
    checkedAt: iso(-5 * 60_000),
    ...extra,
  };
}

function entityStatus(
  name: string,
  summary: string,
  w: WorkloadStatus,
): EntityStatusResponse {
  return {
    entityRef: `component:default/${name}`,
    health: w.health,
    mechanisms: [w.pullAuth],
    runtimeIdentities: [w.runtimeIdentity],
    workloads: [w],
    findings: w.findings,
    clusters: [
      { cluster: 'prod-use1', reachable: true, checkedAt: w.checkedAt },
    ],
    checkedAt: w.checkedAt,
    stale: false,
    summary,
  };
}

const ROLE = 'arn:aws:iam::111122223333:role/irsa/irsa-payments-api';

/** One entity status per mechanism, shaped like the demo's. */
export const STATUS_BY_MECHANISM: Record<PullAuth, EntityStatusResponse> = {
  'service-account-role': entityStatus(
    'payments-api',
    'Pulls use IRSA (role irsa-payments-api) on prod-use1',
    workload('payments-api', 'service-account-role', {
      serviceAccount: 'payments-api',
      runtimeIdentity: 'irsa',
      runtimeRoleArn: ROLE,
      ecrRoleArn: ROLE,
    }),
  ),
  'rotating-secret': (() => {
    const w = workload('orders-worker', 'rotating-secret');
    w.containers[0].secret = {
      namespace: 'shop',
      name: 'regcred',
      lastWriteAt: iso(-2 * HOUR),
      expiresAt: iso(10 * HOUR),
      writer: 'kubectl-client-side-apply',
      refresher: {
        kind: 'CronJob',
        namespace: 'shop',
        name: 'ecr-cred-refresher',
        schedule: '0 */6 * * *',
        intervalSeconds: 21600,
        suspended: false,
        lastSuccessAt: iso(-2 * HOUR),
      },
    };
    return entityStatus(
      'orders-worker',
      'Pulls use a rotating secret, refreshed 2 h ago by CronJob ecr-cred-refresher',
      w,
    );
  })(),
  'static-secret': (() => {
    const finding = createFinding(
      'SECRET_EXPIRED',
      'Secret billing/billing-regcred',
      'the ECR token in billing-regcred expired 60 h ago',
    );
    const w = workload('legacy-billing', 'static-secret', {
      health: 'error',
      findings: [finding],
    });
    w.containers[0].secret = {
      namespace: 'shop',
      name: 'billing-regcred',
      lastWriteAt: iso(-72 * HOUR),
      expiresAt: iso(-60 * HOUR),
      writer: 'kubectl-create',
    };
    return entityStatus(
      'legacy-billing',
      'Pulls use a static secret that expired 2 days ago',
      w,
    );
  })(),
  'node-role': entityStatus(
    'search-api',
    'Pulls use the node role',
    workload('search-api', 'node-role'),
  ),
  'fargate-role': entityStatus(
    'reports-batch',
    'Pulls use the Fargate pod execution role',
    workload('reports-batch', 'fargate-role'),
  ),
  anonymous: entityStatus(
    'docs-site',
    'Pulls are anonymous (public images)',
    workload('docs-site', 'anonymous'),
  ),
  unknown: entityStatus(
    'vendor-agent',
    'Pull authentication is unknown',
    workload('vendor-agent', 'unknown', { health: 'unknown' }),
  ),
};

/**
 * An entity of one workload as the aggregate builds it: every mechanism its workload is
 * findable under (configured and pulling in a secret's place) and the engine's own sentence.
 */
function entityOf(name: string, w: WorkloadStatus): EntityStatusResponse {
  const status = entityStatus(name, '', w);
  status.mechanisms = PULL_AUTHS.filter(p => w.pullAuths.includes(p));
  status.summary = describePullStatus(status, new Date());
  return status;
}

const NODE_ROLE = 'arn:aws:iam::111122223333:role/eks-node-prod-use1';

/**
 * A static secret whose token expired 5 days ago while the node role pulls in its place: the
 * container stays `static-secret`, `effectivePullAuth` is the node role, and the entity is
 * findable under both mechanisms. Its findings are warnings while covered.
 */
export const MASKED_EXPIRED_STATIC_SECRET: EntityStatusResponse = (() => {
  const subject = 'Secret shop/reports-regcred';
  const findings = [
    createFinding(
      'SECRET_EXPIRED',
      subject,
      'the ECR token in reports-regcred expired 120 h ago (written 132 h ago); the node role pulls in its place',
      'warning',
    ),
    createFinding(
      'SECRET_MASKED_BY_NODE_ROLE',
      subject,
      'pulls with reports-regcred fail and silently fall back to the node role',
    ),
  ];
  const w = workload('legacy-reports', 'static-secret', {
    pullAuths: ['node-role', 'static-secret'],
    findings,
    health: 'warning',
  });
  Object.assign(w.containers[0], {
    effectivePullAuth: 'node-role',
    pullRoleArn: NODE_ROLE,
    findings,
    health: 'warning',
    secret: {
      namespace: 'shop',
      name: 'reports-regcred',
      lastWriteAt: iso(-132 * HOUR),
      expiresAt: iso(-120 * HOUR),
      writer: 'kubectl-create',
    },
  });
  return entityOf('legacy-reports', w);
})();

/** Seed 002's refresher as the engine summarises it: recognised by RBAC and an envFrom ConfigMap. */
function ecrRegistryHelper(
  extra: Partial<RefresherSummary> = {},
): RefresherSummary {
  return {
    kind: 'CronJob',
    namespace: 'health-check',
    name: 'ecr-registry-helper',
    schedule: '0 */10 * * *',
    intervalSeconds: 36000,
    suspended: false,
    lastSuccessAt: iso(-2 * HOUR),
    lastRun: {
      name: 'ecr-registry-helper-29312',
      outcome: 'succeeded',
      at: iso(-2 * HOUR),
    },
    writeAccess: 'scoped',
    namedIn: [{ source: 'envFrom', configMap: 'ecr-registry-helper-cm' }],
    ...extra,
  };
}

function healthCheck(
  refresher: RefresherSummary,
  writtenMsAgo: number,
  extra: Partial<WorkloadStatus> = {},
): WorkloadStatus {
  const w = workload('health-check', 'rotating-secret', {
    namespace: 'health-check',
    serviceAccount: 'default',
    ...extra,
  });
  w.containers[0].image =
    '111122223333.dkr.ecr.us-east-1.amazonaws.com/health-check:1.4.2';
  w.containers[0].secret = {
    namespace: 'health-check',
    name: 'regcred',
    lastWriteAt: iso(-writtenMsAgo),
    expiresAt: iso(12 * HOUR - writtenMsAgo),
    writer: 'kubectl-create',
    hosts: ['111122223333.dkr.ecr.us-east-1.amazonaws.com'],
    refresher,
  };
  return w;
}

/**
 * Seed 002 (examples/kubernetes/seed-002-ecr-registry-helper): health-check pulls with
 * `regcred`, which the CronJob ecr-registry-helper deletes and creates again every 10 hours.
 */
export const SEED_002_ROTATING_SECRET: EntityStatusResponse = entityOf(
  'health-check',
  healthCheck(ecrRegistryHelper(), 2 * HOUR),
);

/** Seed 002 with its latest Job failed 3 hours ago; the last success was 8 hours ago. */
export const FAILING_REFRESHER: EntityStatusResponse = (() => {
  const subject = 'CronJob health-check/ecr-registry-helper';
  const failing = createFinding(
    'REFRESHER_FAILING',
    subject,
    `${subject}: its last run, Job ecr-registry-helper-29313, failed (BackoffLimitExceeded)`,
  );
  const refresher = ecrRegistryHelper({
    lastSuccessAt: iso(-8 * HOUR),
    lastRun: {
      name: 'ecr-registry-helper-29313',
      outcome: 'failed',
      at: iso(-3 * HOUR),
    },
  });
  const w = healthCheck(refresher, 8 * HOUR, {
    findings: [failing],
    health: 'error',
  });
  w.containers[0].findings = [failing];
  w.containers[0].health = 'error';
  return entityOf('health-check', w);
})();

/**
 * A registry-creds-style controller: the Deployment kube-system/registry-creds may write any
 * Secret (a ClusterRole) and names awsecr-cred in its args. It has no schedule and no runs.
 */
export const DEPLOYMENT_REFRESHER: EntityStatusResponse = (() => {
  const w = workload('cart-api', 'rotating-secret');
  w.containers[0].secret = {
    namespace: 'shop',
    name: 'awsecr-cred',
    lastWriteAt: iso(-40 * 60_000),
    expiresAt: iso(12 * HOUR - 40 * 60_000),
    writer: 'registry-creds',
    refresher: {
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'registry-creds',
      writeAccess: 'broad',
      namedIn: [{ source: 'args' }],
    },
  };
  return entityOf('cart-api', w);
})();
