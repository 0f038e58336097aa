import type {
  AuditFacets,
  AuditResponse,
  AuditRun,
} from '@ecr-access/plugin-ecr-access-common';

const checkedAt = new Date(Date.now() - 5 * 60_000).toISOString();

/** A page of the audit shaped like the demo's. */
export const AUDIT_PAGE: AuditResponse = {
  items: [
    {
      entityRef: 'component:default/legacy-billing',
      owner: 'group:default/team-billing',
      health: 'error',
      mechanisms: ['static-secret'],
      findingCodes: ['SECRET_EXPIRED'],
      clusters: ['prod-use1'],
      stale: false,
      checkedAt,
      summary: 'Pulls use a static secret that expired 2 days ago',
    },
    {
      entityRef: 'component:default/payments-api',
      title: 'Payments API',
      owner: 'group:default/team-payments',
      health: 'ok',
      mechanisms: ['service-account-role'],
      findingCodes: [],
      clusters: ['prod-use1'],
      stale: false,
      checkedAt,
      summary: 'Pulls use IRSA (role irsa-payments-api) on prod-use1',
    },
  ],
  totalCount: 29,
  summary: {
    byMechanism: {
      'service-account-role': 10,
      'node-role': 9,
      'rotating-secret': 4,
      'static-secret': 3,
      anonymous: 1,
      'fargate-role': 1,
      unknown: 1,
    },
    byHealth: { ok: 10, warning: 7, error: 11, unknown: 1 },
  },
  auditCompleted: true,
  lastCompletedAt: checkedAt,
};

/** Two runs: one cluster fine, one unreachable. */
export const AUDIT_RUNS: AuditRun[] = [
  {
    id: 2,
    cluster: 'edge-euw1',
    startedAt: checkedAt,
    finishedAt: checkedAt,
    status: 'failed',
    entityCount: 0,
    workloadCount: 0,
    counts: { byMechanism: {}, byHealth: {} },
    errors: [
      {
        cluster: 'edge-euw1',
        code: 'CONNECTION_REFUSED',
        message: 'ClusterUnreachableError: connect ECONNREFUSED <redacted>',
      },
    ],
    kubernetesRequests: 0,
    awsRequests: 0,
  },
  {
    id: 1,
    cluster: 'prod-use1',
    startedAt: checkedAt,
    finishedAt: checkedAt,
    status: 'succeeded',
    entityCount: 29,
    workloadCount: 27,
    counts: { byMechanism: { 'node-role': 5 }, byHealth: { ok: 11 } },
    errors: [],
    kubernetesRequests: 12,
    awsRequests: 88,
  },
];

/** The pickers' values over the demo-like catalog: owners with and without display names. */
export const AUDIT_FACETS: AuditFacets = {
  owners: [
    { ref: 'group:default/team-billing', title: 'Billing Team' },
    { ref: 'group:default/team-payments' },
  ],
  clusters: ['edge-euw1', 'prod-use1', 'shared-usw2'],
  mechanisms: ['service-account-role', 'static-secret', 'node-role'],
  findings: ['SECRET_EXPIRED', 'SECRET_MASKED_BY_NODE_ROLE'],
};
