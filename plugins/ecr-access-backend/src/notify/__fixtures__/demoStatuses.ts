import type { EntityStatus } from '@ecr-access/plugin-ecr-access-common';

/**
 * Statuses as the API served them after the start-up audit of the demo's sandbox
 * (examples/sandbox/demo.yaml, edge-euw1 down), captured from a real run of the plugin
 * over the sandbox at 2026-12-03T14:50:51.427Z:
 * - invoice-renderer: a static secret whose token expires 2 h after the audit;
 * - fraud-scorer: a rotating secret whose CronJob is suspended (REFRESHER_FAILING), its token expired;
 * - health-check: seed 002's healthy rotating secret;
 * - ledger-sync (shared-usw2): an expired static secret the node role pulls in place of.
 */
export const DEMO_STATUSES: Record<
  'invoice-renderer' | 'fraud-scorer' | 'health-check' | 'ledger-sync',
  EntityStatus & { summary: string }
> = {
  'invoice-renderer': {
    entityRef: 'component:default/invoice-renderer',
    health: 'unknown',
    mechanisms: ['static-secret'],
    runtimeIdentities: ['node-role'],
    workloads: [
      {
        cluster: 'prod-use1',
        namespace: 'billing',
        kind: 'Deployment',
        name: 'invoice-renderer',
        entityRefs: ['component:default/invoice-renderer'],
        serviceAccount: 'default',
        runtimeIdentity: 'node-role',
        pullAuth: 'static-secret',
        pullAuths: ['static-secret'],
        containers: [
          {
            name: 'invoice-renderer',
            init: false,
            image:
              '111122223333.dkr.ecr.us-east-1.amazonaws.com/billing/invoice-renderer:1.2.0',
            pullAuth: 'static-secret',
            findings: [
              {
                code: 'SECRET_EXPIRES_SOON',
                severity: 'warning',
                message:
                  'the ECR token in invoice-regcred expires in 1 h and nothing refreshes it (its hosts were not read; assumed to hold the ECR token)',
                remediation:
                  'Nothing rewrites this token before its 12-hour life ends. Add a refresher or stop using a pull secret for ECR.',
                subject: 'Secret billing/invoice-regcred',
              },
            ],
            health: 'warning',
            registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
            repositoryArn:
              'arn:aws:ecr:us-east-1:111122223333:repository/billing/invoice-renderer',
            secret: {
              namespace: 'billing',
              name: 'invoice-regcred',
              lastWriteAt: '2026-12-03T04:50:50.000Z',
              expiresAt: '2026-12-03T16:50:50.000Z',
              writer: 'kubectl-create',
            },
          },
        ],
        findings: [
          {
            code: 'SECRET_EXPIRES_SOON',
            severity: 'warning',
            message:
              'the ECR token in invoice-regcred expires in 1 h and nothing refreshes it (its hosts were not read; assumed to hold the ECR token)',
            remediation:
              'Nothing rewrites this token before its 12-hour life ends. Add a refresher or stop using a pull secret for ECR.',
            subject: 'Secret billing/invoice-regcred',
          },
        ],
        health: 'warning',
        checkedAt: '2026-12-03T14:50:51.797Z',
      },
    ],
    findings: [
      {
        code: 'CLUSTER_UNREACHABLE',
        severity: 'unknown',
        message:
          'cluster edge-euw1 could not be read since 2026-12-03T14:50:51.427Z (ClusterUnreachableError: GET /apis/apps/v1/deployments failed; caused by FetchError: request to <redacted> failed, reason: connect ECONNREFUSED <redacted>); never read: any workloads there are unknown',
        remediation:
          "Check the cluster's connection and credentials in kubernetes.clusterLocatorMethods; the status shown is the last known one.",
        subject: 'cluster edge-euw1',
      },
      {
        code: 'SECRET_EXPIRES_SOON',
        severity: 'warning',
        message:
          'the ECR token in invoice-regcred expires in 1 h and nothing refreshes it (its hosts were not read; assumed to hold the ECR token)',
        remediation:
          'Nothing rewrites this token before its 12-hour life ends. Add a refresher or stop using a pull secret for ECR.',
        subject: 'Secret billing/invoice-regcred',
      },
    ],
    clusters: [
      {
        cluster: 'edge-euw1',
        reachable: false,
        checkedAt: '2026-12-03T14:50:51.427Z',
        unreachableSince: '2026-12-03T14:50:51.427Z',
        error:
          'ClusterUnreachableError: GET /apis/apps/v1/deployments failed; caused by FetchError: request to <redacted> failed, reason: connect ECONNREFUSED <redacted>',
      },
      {
        cluster: 'prod-use1',
        reachable: true,
        checkedAt: '2026-12-03T14:50:51.797Z',
        lastSuccessAt: '2026-12-03T14:50:51.797Z',
      },
      {
        cluster: 'shared-usw2',
        reachable: true,
        checkedAt: '2026-12-03T14:50:51.683Z',
        lastSuccessAt: '2026-12-03T14:50:51.683Z',
      },
    ],
    checkedAt: '2026-12-03T14:50:51.427Z',
    stale: true,
    checked: true,
    summary:
      'Pulls use a static secret that expires in 1 h (stale: edge-euw1 unreachable since 2026-12-03 14:50 UTC, never read)',
  },
  'fraud-scorer': {
    entityRef: 'component:default/fraud-scorer',
    health: 'error',
    mechanisms: ['rotating-secret'],
    runtimeIdentities: ['node-role'],
    workloads: [
      {
        cluster: 'prod-use1',
        namespace: 'fraud',
        kind: 'Deployment',
        name: 'fraud-scorer',
        entityRefs: ['component:default/fraud-scorer'],
        serviceAccount: 'default',
        runtimeIdentity: 'node-role',
        pullAuth: 'rotating-secret',
        pullAuths: ['rotating-secret'],
        containers: [
          {
            name: 'fraud-scorer',
            init: false,
            image:
              '111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud/scorer:5.1.0',
            pullAuth: 'rotating-secret',
            findings: [
              {
                code: 'SECRET_EXPIRED',
                severity: 'error',
                message:
                  'the ECR token in fraud-regcred expired 8 h ago (written 20 h ago) (its hosts were not read; assumed to hold the ECR token); the node role cannot pull fraud/scorer in its place',
                remediation:
                  'ECR tokens live 12 hours. Replace the static secret with IRSA for pulls or the node role, or add a refresher (CronJob or External Secrets ECRAuthorizationToken) that rewrites it well within 12 hours.',
                subject: 'Secret fraud/fraud-regcred',
              },
              {
                code: 'REFRESHER_FAILING',
                severity: 'error',
                message: 'CronJob fraud/fraud-ecr-refresher is suspended',
                remediation:
                  'Check the refresher job logs, its credentials and RBAC; resume it if suspended. The token it writes expires 12 hours after the last success.',
                subject: 'CronJob fraud/fraud-ecr-refresher',
              },
            ],
            health: 'error',
            registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
            repositoryArn:
              'arn:aws:ecr:us-east-1:111122223333:repository/fraud/scorer',
            secret: {
              namespace: 'fraud',
              name: 'fraud-regcred',
              lastWriteAt: '2026-12-02T18:50:50.000Z',
              expiresAt: '2026-12-03T06:50:50.000Z',
              writer: 'kubectl-client-side-apply',
              refresher: {
                kind: 'CronJob',
                namespace: 'fraud',
                name: 'fraud-ecr-refresher',
                schedule: '0 */4 * * *',
                intervalSeconds: 14400,
                suspended: true,
                lastSuccessAt: '2026-12-02T18:50:50.000Z',
                writeAccess: 'scoped',
                namedIn: [
                  {
                    source: 'command',
                  },
                ],
              },
            },
          },
        ],
        findings: [
          {
            code: 'SECRET_EXPIRED',
            severity: 'error',
            message:
              'the ECR token in fraud-regcred expired 8 h ago (written 20 h ago) (its hosts were not read; assumed to hold the ECR token); the node role cannot pull fraud/scorer in its place',
            remediation:
              'ECR tokens live 12 hours. Replace the static secret with IRSA for pulls or the node role, or add a refresher (CronJob or External Secrets ECRAuthorizationToken) that rewrites it well within 12 hours.',
            subject: 'Secret fraud/fraud-regcred',
          },
          {
            code: 'REFRESHER_FAILING',
            severity: 'error',
            message: 'CronJob fraud/fraud-ecr-refresher is suspended',
            remediation:
              'Check the refresher job logs, its credentials and RBAC; resume it if suspended. The token it writes expires 12 hours after the last success.',
            subject: 'CronJob fraud/fraud-ecr-refresher',
          },
        ],
        health: 'error',
        checkedAt: '2026-12-03T14:50:51.797Z',
      },
    ],
    findings: [
      {
        code: 'CLUSTER_UNREACHABLE',
        severity: 'unknown',
        message:
          'cluster edge-euw1 could not be read since 2026-12-03T14:50:51.427Z (ClusterUnreachableError: GET /apis/apps/v1/deployments failed; caused by FetchError: request to <redacted> failed, reason: connect ECONNREFUSED <redacted>); never read: any workloads there are unknown',
        remediation:
          "Check the cluster's connection and credentials in kubernetes.clusterLocatorMethods; the status shown is the last known one.",
        subject: 'cluster edge-euw1',
      },
      {
        code: 'SECRET_EXPIRED',
        severity: 'error',
        message:
          'the ECR token in fraud-regcred expired 8 h ago (written 20 h ago) (its hosts were not read; assumed to hold the ECR token); the node role cannot pull fraud/scorer in its place',
        remediation:
          'ECR tokens live 12 hours. Replace the static secret with IRSA for pulls or the node role, or add a refresher (CronJob or External Secrets ECRAuthorizationToken) that rewrites it well within 12 hours.',
        subject: 'Secret fraud/fraud-regcred',
      },
      {
        code: 'REFRESHER_FAILING',
        severity: 'error',
        message: 'CronJob fraud/fraud-ecr-refresher is suspended',
        remediation:
          'Check the refresher job logs, its credentials and RBAC; resume it if suspended. The token it writes expires 12 hours after the last success.',
        subject: 'CronJob fraud/fraud-ecr-refresher',
      },
    ],
    clusters: [
      {
        cluster: 'edge-euw1',
        reachable: false,
        checkedAt: '2026-12-03T14:50:51.427Z',
        unreachableSince: '2026-12-03T14:50:51.427Z',
        error:
          'ClusterUnreachableError: GET /apis/apps/v1/deployments failed; caused by FetchError: request to <redacted> failed, reason: connect ECONNREFUSED <redacted>',
      },
      {
        cluster: 'prod-use1',
        reachable: true,
        checkedAt: '2026-12-03T14:50:51.797Z',
        lastSuccessAt: '2026-12-03T14:50:51.797Z',
      },
      {
        cluster: 'shared-usw2',
        reachable: true,
        checkedAt: '2026-12-03T14:50:51.683Z',
        lastSuccessAt: '2026-12-03T14:50:51.683Z',
      },
    ],
    checkedAt: '2026-12-03T14:50:51.427Z',
    stale: true,
    checked: true,
    summary:
      'Pulls use a rotating secret, refreshed 20 h ago by CronJob fraud-ecr-refresher; the ECR token in fraud-regcred expired 8 h ago (written 20 h ago) (its hosts were not read; assumed to hold the ECR token); the node role cannot pull fraud/scorer in its place (stale: edge-euw1 unreachable since 2026-12-03 14:50 UTC, never read)',
  },
  'health-check': {
    entityRef: 'component:default/health-check',
    health: 'unknown',
    mechanisms: ['rotating-secret'],
    runtimeIdentities: ['node-role'],
    workloads: [
      {
        cluster: 'prod-use1',
        namespace: 'health-check',
        kind: 'Deployment',
        name: 'health-check',
        entityRefs: ['component:default/health-check'],
        serviceAccount: 'default',
        runtimeIdentity: 'node-role',
        pullAuth: 'rotating-secret',
        pullAuths: ['rotating-secret'],
        containers: [
          {
            name: 'health-check',
            init: false,
            image:
              '111122223333.dkr.ecr.us-east-1.amazonaws.com/health-check:1.4.2',
            pullAuth: 'rotating-secret',
            findings: [],
            health: 'ok',
            registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
            repositoryArn:
              'arn:aws:ecr:us-east-1:111122223333:repository/health-check',
            secret: {
              namespace: 'health-check',
              name: 'regcred',
              lastWriteAt: '2026-12-03T11:50:50.000Z',
              expiresAt: '2026-12-03T23:50:50.000Z',
              writer: 'kubectl-create',
              refresher: {
                kind: 'CronJob',
                namespace: 'health-check',
                name: 'ecr-registry-helper',
                schedule: '0 */10 * * *',
                intervalSeconds: 36000,
                suspended: false,
                lastSuccessAt: '2026-12-03T11:50:50.000Z',
                lastRun: {
                  name: 'ecr-registry-helper-29938310',
                  outcome: 'succeeded',
                  at: '2026-12-03T11:51:10.000Z',
                },
                writeAccess: 'scoped',
                namedIn: [
                  {
                    source: 'envFrom',
                    configMap: 'ecr-registry-helper-cm',
                  },
                ],
              },
            },
          },
        ],
        findings: [],
        health: 'ok',
        checkedAt: '2026-12-03T14:50:51.797Z',
      },
    ],
    findings: [
      {
        code: 'CLUSTER_UNREACHABLE',
        severity: 'unknown',
        message:
          'cluster edge-euw1 could not be read since 2026-12-03T14:50:51.427Z (ClusterUnreachableError: GET /apis/apps/v1/deployments failed; caused by FetchError: request to <redacted> failed, reason: connect ECONNREFUSED <redacted>); never read: any workloads there are unknown',
        remediation:
          "Check the cluster's connection and credentials in kubernetes.clusterLocatorMethods; the status shown is the last known one.",
        subject: 'cluster edge-euw1',
      },
    ],
    clusters: [
      {
        cluster: 'edge-euw1',
        reachable: false,
        checkedAt: '2026-12-03T14:50:51.427Z',
        unreachableSince: '2026-12-03T14:50:51.427Z',
        error:
          'ClusterUnreachableError: GET /apis/apps/v1/deployments failed; caused by FetchError: request to <redacted> failed, reason: connect ECONNREFUSED <redacted>',
      },
      {
        cluster: 'prod-use1',
        reachable: true,
        checkedAt: '2026-12-03T14:50:51.797Z',
        lastSuccessAt: '2026-12-03T14:50:51.797Z',
      },
      {
        cluster: 'shared-usw2',
        reachable: true,
        checkedAt: '2026-12-03T14:50:51.683Z',
        lastSuccessAt: '2026-12-03T14:50:51.683Z',
      },
    ],
    checkedAt: '2026-12-03T14:50:51.427Z',
    stale: true,
    checked: true,
    summary:
      'Pulls use a rotating secret, refreshed 3 h ago by CronJob ecr-registry-helper (stale: edge-euw1 unreachable since 2026-12-03 14:50 UTC, never read)',
  },
  'ledger-sync': {
    entityRef: 'component:default/ledger-sync',
    health: 'unknown',
    mechanisms: ['node-role', 'static-secret'],
    runtimeIdentities: ['node-role'],
    workloads: [
      {
        cluster: 'shared-usw2',
        namespace: 'ledger',
        kind: 'StatefulSet',
        name: 'ledger-sync',
        entityRefs: ['component:default/ledger-sync'],
        serviceAccount: 'default',
        runtimeIdentity: 'node-role',
        pullAuth: 'static-secret',
        pullAuths: ['node-role', 'static-secret'],
        containers: [
          {
            name: 'ledger-sync',
            init: false,
            image:
              '111122223333.dkr.ecr.us-west-2.amazonaws.com/ledger/sync:0.33.0',
            pullAuth: 'static-secret',
            findings: [
              {
                code: 'NODE_ROLE_TOO_BROAD',
                severity: 'warning',
                message:
                  'the node role arn:aws:iam::111122223333:role/eks-node-shared-usw2 (config, node group default) of shared-usw2 is allowed every read of AmazonEC2ContainerRegistryReadOnly beyond pulling (ecr:DescribeRepositories, ecr:ListImages, ecr:DescribeImages, ecr:GetRepositoryPolicy, ecr:GetLifecyclePolicy, ecr:ListTagsForResource, ecr:DescribeImageScanFindings): AmazonEC2ContainerRegistryPullOnly is all the kubelet needs',
                remediation:
                  'Every pod on the node can use the node role. Attach AmazonEC2ContainerRegistryPullOnly (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) instead of AmazonEC2ContainerRegistryReadOnly, PowerUser or ecr:*, and drop other ECR reads and writes from the node role.',
                subject:
                  'IAM role arn:aws:iam::111122223333:role/eks-node-shared-usw2',
              },
              {
                code: 'SECRET_EXPIRED',
                severity: 'warning',
                message:
                  'the ECR token in ledger-regcred expired 36 h ago (written 48 h ago) (its hosts were not read; assumed to hold the ECR token); the node role pulls in its place',
                remediation:
                  'ECR tokens live 12 hours. Replace the static secret with IRSA for pulls or the node role, or add a refresher (CronJob or External Secrets ECRAuthorizationToken) that rewrites it well within 12 hours.',
                subject: 'Secret ledger/ledger-regcred',
              },
              {
                code: 'SECRET_MASKED_BY_NODE_ROLE',
                severity: 'warning',
                message:
                  'pulls with ledger-regcred fail and silently fall back to the node role',
                remediation:
                  'The kubelet tries the secret, fails, then pulls with its credential provider (the node role, or the ServiceAccount role where pulls use service-account tokens): pulls work silently and break where that credential cannot pull. Fix or remove the secret.',
                subject: 'Secret ledger/ledger-regcred',
              },
            ],
            health: 'warning',
            registry: '111122223333.dkr.ecr.us-west-2.amazonaws.com',
            repositoryArn:
              'arn:aws:ecr:us-west-2:111122223333:repository/ledger/sync',
            secret: {
              namespace: 'ledger',
              name: 'ledger-regcred',
              lastWriteAt: '2026-12-01T14:50:50.000Z',
              expiresAt: '2026-12-02T02:50:50.000Z',
              writer: 'kubectl-create',
            },
            effectivePullAuth: 'node-role',
            pullRoleArn: 'arn:aws:iam::111122223333:role/eks-node-shared-usw2',
          },
        ],
        findings: [
          {
            code: 'NODE_ROLE_TOO_BROAD',
            severity: 'warning',
            message:
              'the node role arn:aws:iam::111122223333:role/eks-node-shared-usw2 (config, node group default) of shared-usw2 is allowed every read of AmazonEC2ContainerRegistryReadOnly beyond pulling (ecr:DescribeRepositories, ecr:ListImages, ecr:DescribeImages, ecr:GetRepositoryPolicy, ecr:GetLifecyclePolicy, ecr:ListTagsForResource, ecr:DescribeImageScanFindings): AmazonEC2ContainerRegistryPullOnly is all the kubelet needs',
            remediation:
              'Every pod on the node can use the node role. Attach AmazonEC2ContainerRegistryPullOnly (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) instead of AmazonEC2ContainerRegistryReadOnly, PowerUser or ecr:*, and drop other ECR reads and writes from the node role.',
            subject:
              'IAM role arn:aws:iam::111122223333:role/eks-node-shared-usw2',
          },
          {
            code: 'SECRET_EXPIRED',
            severity: 'warning',
            message:
              'the ECR token in ledger-regcred expired 36 h ago (written 48 h ago) (its hosts were not read; assumed to hold the ECR token); the node role pulls in its place',
            remediation:
              'ECR tokens live 12 hours. Replace the static secret with IRSA for pulls or the node role, or add a refresher (CronJob or External Secrets ECRAuthorizationToken) that rewrites it well within 12 hours.',
            subject: 'Secret ledger/ledger-regcred',
          },
          {
            code: 'SECRET_MASKED_BY_NODE_ROLE',
            severity: 'warning',
            message:
              'pulls with ledger-regcred fail and silently fall back to the node role',
            remediation:
              'The kubelet tries the secret, fails, then pulls with its credential provider (the node role, or the ServiceAccount role where pulls use service-account tokens): pulls work silently and break where that credential cannot pull. Fix or remove the secret.',
            subject: 'Secret ledger/ledger-regcred',
          },
        ],
        health: 'warning',
        checkedAt: '2026-12-03T14:50:51.683Z',
      },
    ],
    findings: [
      {
        code: 'CLUSTER_UNREACHABLE',
        severity: 'unknown',
        message:
          'cluster edge-euw1 could not be read since 2026-12-03T14:50:51.427Z (ClusterUnreachableError: GET /apis/apps/v1/deployments failed; caused by FetchError: request to <redacted> failed, reason: connect ECONNREFUSED <redacted>); never read: any workloads there are unknown',
        remediation:
          "Check the cluster's connection and credentials in kubernetes.clusterLocatorMethods; the status shown is the last known one.",
        subject: 'cluster edge-euw1',
      },
      {
        code: 'NODE_ROLE_TOO_BROAD',
        severity: 'warning',
        message:
          'the node role arn:aws:iam::111122223333:role/eks-node-shared-usw2 (config, node group default) of shared-usw2 is allowed every read of AmazonEC2ContainerRegistryReadOnly beyond pulling (ecr:DescribeRepositories, ecr:ListImages, ecr:DescribeImages, ecr:GetRepositoryPolicy, ecr:GetLifecyclePolicy, ecr:ListTagsForResource, ecr:DescribeImageScanFindings): AmazonEC2ContainerRegistryPullOnly is all the kubelet needs',
        remediation:
          'Every pod on the node can use the node role. Attach AmazonEC2ContainerRegistryPullOnly (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) instead of AmazonEC2ContainerRegistryReadOnly, PowerUser or ecr:*, and drop other ECR reads and writes from the node role.',
        subject: 'IAM role arn:aws:iam::111122223333:role/eks-node-shared-usw2',
      },
      {
        code: 'SECRET_EXPIRED',
        severity: 'warning',
        message:
          'the ECR token in ledger-regcred expired 36 h ago (written 48 h ago) (its hosts were not read; assumed to hold the ECR token); the node role pulls in its place',
        remediation:
          'ECR tokens live 12 hours. Replace the static secret with IRSA for pulls or the node role, or add a refresher (CronJob or External Secrets ECRAuthorizationToken) that rewrites it well within 12 hours.',
        subject: 'Secret ledger/ledger-regcred',
      },
      {
        code: 'SECRET_MASKED_BY_NODE_ROLE',
        severity: 'warning',
        message:
          'pulls with ledger-regcred fail and silently fall back to the node role',
        remediation:
          'The kubelet tries the secret, fails, then pulls with its credential provider (the node role, or the ServiceAccount role where pulls use service-account tokens): pulls work silently and break where that credential cannot pull. Fix or remove the secret.',
        subject: 'Secret ledger/ledger-regcred',
      },
    ],
    clusters: [
      {
        cluster: 'edge-euw1',
        reachable: false,
        checkedAt: '2026-12-03T14:50:51.427Z',
        unreachableSince: '2026-12-03T14:50:51.427Z',
        error:
          'ClusterUnreachableError: GET /apis/apps/v1/deployments failed; caused by FetchError: request to <redacted> failed, reason: connect ECONNREFUSED <redacted>',
      },
      {
        cluster: 'prod-use1',
        reachable: true,
        checkedAt: '2026-12-03T14:50:51.797Z',
        lastSuccessAt: '2026-12-03T14:50:51.797Z',
      },
      {
        cluster: 'shared-usw2',
        reachable: true,
        checkedAt: '2026-12-03T14:50:51.683Z',
        lastSuccessAt: '2026-12-03T14:50:51.683Z',
      },
    ],
    checkedAt: '2026-12-03T14:50:51.427Z',
    stale: true,
    checked: true,
    summary:
      'Pulls use a static secret that expired 36 h ago; the node role pulls in its place (stale: edge-euw1 unreachable since 2026-12-03 14:50 UTC, never read)',
  },
};

/** When the audit that wrote them read the clusters. */
export const AUDITED_AT = Date.parse('2026-12-03T14:50:51.427Z');
