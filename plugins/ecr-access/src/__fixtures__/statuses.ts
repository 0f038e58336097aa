import type { Entity } from '@backstage/catalog-model';
import {
  createFinding,
  type PullAuth,
  type WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import type { EntityStatusResponse } from '../api/types';

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
