/* Classifier fixtures: secrets cases. */
import {
  cluster,
  deployment,
  externalSecret,
  iam,
  NODE_ROLE,
  pullPolicy,
  REGISTRY,
  regcredCronJob,
  role,
  secret,
  secretRole,
  serviceAccount,
  snapshot,
} from './classify.fixtureBuilders';
import {
  ClassifyFixture,
  noNodeRoles,
  ok,
  pullSa,
  tokenCluster,
  regcredWorld,
  withRegcred,
} from './classify.fixtures.shared';

export const secretCases: ClassifyFixture[] = [
  {
    name: 'static secret that expired 3 days ago',
    snapshot: withRegcred({ secrets: [secret({ writtenHoursAgo: 84 })] }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SECRET_EXPIRED'],
    },
  },
  {
    name: 'expired static secret masked by the node role',
    snapshot: withRegcred({
      cluster: cluster(),
      secrets: [secret({ writtenHoursAgo: 84 })],
    }),
    iam: iam(),
    // Never masked: still findable as a static secret, and the node role pulls today.
    expected: {
      pullAuth: 'static-secret',
      pullAuths: ['node-role', 'static-secret'],
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRED', 'SECRET_MASKED_BY_NODE_ROLE'],
    },
  },
  {
    name: 'expired static secret when the node role cannot pull the repository',
    snapshot: withRegcred({
      cluster: cluster(),
      secrets: [secret({ writtenHoursAgo: 13 })],
    }),
    iam: iam(
      role(NODE_ROLE, {
        managedPolicies: [
          pullPolicy(['arn:aws:ecr:us-east-1:111122223333:repository/other']),
        ],
      }),
    ),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SECRET_EXPIRED'],
    },
    nearMissOf: ['SECRET_MASKED_BY_NODE_ROLE'],
  },
  {
    name: 'expired secret masked by the IRSA pull role on a token cluster',
    snapshot: withRegcred({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web', pullSecrets: ['regcred'] })],
      secrets: [secret({ writtenHoursAgo: 30 })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      pullAuths: ['service-account-role', 'static-secret'],
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRED', 'SECRET_MASKED_BY_NODE_ROLE'],
    },
  },
  {
    name: 'static secret written 3 h ago expires within the day',
    snapshot: withRegcred({ secrets: [secret({ writtenHoursAgo: 3 })] }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
    nearMissOf: ['SECRET_EXPIRED'],
  },
  {
    name: 'regcred refresher: healthy',
    snapshot: withRegcred(regcredWorld),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: [
      'REFRESHER_FAILING',
      'REFRESHER_TOO_SLOW',
      'SECRET_EXPIRES_SOON',
      'SECRET_MISSING',
      'INPUT_MALFORMED',
    ],
  },
  {
    name: 'regcred refresher: failing for 20 h',
    snapshot: withRegcred({
      ...regcredWorld,
      secrets: [secret({ writtenHoursAgo: 20 })],
      cronJobs: [regcredCronJob({ lastSuccessHoursAgo: 20 })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_FAILING', 'SECRET_EXPIRED'],
    },
  },
  {
    name: 'regcred refresher: suspended',
    snapshot: withRegcred({
      ...regcredWorld,
      secrets: [secret({ writtenHoursAgo: 5 })],
      cronJobs: [regcredCronJob({ suspend: true, lastSuccessHoursAgo: 5 })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_FAILING'],
    },
  },
  {
    name: 'regcred refresher on a daily schedule',
    snapshot: withRegcred({
      ...regcredWorld,
      cronJobs: [
        regcredCronJob({ schedule: '0 0 * * *', lastSuccessHoursAgo: 2 }),
      ],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_TOO_SLOW'],
    },
  },
  {
    name: 'regcred refresher with an unparsable schedule',
    snapshot: withRegcred({
      ...regcredWorld,
      cronJobs: [
        regcredCronJob({ schedule: '0 */6 * *', lastSuccessHoursAgo: 2 }),
      ],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
  {
    name: 'refresher found by name when RBAC is broad',
    snapshot: withRegcred({ ...regcredWorld, roles: [secretRole({})] }),
    iam: iam(),
    expected: ok('rotating-secret'),
  },
  {
    name: 'CronJob with broad secret RBAC that does not name the secret is not a refresher',
    snapshot: withRegcred({
      ...regcredWorld,
      secrets: [secret({ writtenHoursAgo: 1 })],
      roles: [secretRole({})],
      cronJobs: [
        regcredCronJob({ namesSecret: false, lastSuccessHoursAgo: 1 }),
      ],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
  },
  {
    name: 'External Secrets ECRAuthorizationToken generator',
    snapshot: withRegcred({
      secrets: [
        secret({
          writtenHoursAgo: 0.5,
          manager: 'external-secrets',
          ownerEs: 'ecr-token',
        }),
      ],
      externalSecrets: [externalSecret()],
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
  },
  {
    name: 'ExternalSecret that is not Ready',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 5, manager: 'external-secrets' })],
      externalSecrets: [externalSecret({ ready: false })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_FAILING'],
    },
  },
  {
    name: 'ExternalSecret refreshing every 24 h',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 1, manager: 'external-secrets' })],
      externalSecrets: [externalSecret({ refreshInterval: '24h' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_TOO_SLOW'],
    },
  },
  {
    name: "pull secret from the ServiceAccount's imagePullSecrets",
    snapshot: snapshot({
      cluster: noNodeRoles,
      serviceAccounts: [serviceAccount({ pullSecrets: ['regcred'] })],
      deployments: [deployment({ sa: 'web' })],
      secrets: [secret({ writtenHoursAgo: 4 })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
  },
  {
    name: "the pod's imagePullSecrets win over the ServiceAccount's",
    snapshot: withRegcred({
      ...regcredWorld,
      serviceAccounts: [serviceAccount({ pullSecrets: ['old-cred'] })],
      deployments: [deployment({ sa: 'web', pullSecrets: ['regcred'] })],
      secrets: [
        secret({ writtenHoursAgo: 2 }),
        secret({ name: 'old-cred', writtenHoursAgo: 900 }),
      ],
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: ['SECRET_EXPIRED'],
  },
  {
    name: 'named pull secret missing, node role pulls',
    snapshot: snapshot({
      deployments: [deployment({ pullSecrets: ['regcred'] })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_MISSING', 'SECRET_MASKED_BY_NODE_ROLE'],
    },
  },
  {
    name: "pull secret without an entry for the image's registry",
    snapshot: snapshot({
      deployments: [deployment({ pullSecrets: ['regcred'] })],
      secrets: [secret({ writtenHoursAgo: 1, hosts: ['ghcr.io'] })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_REGISTRY_MISMATCH', 'SECRET_MASKED_BY_NODE_ROLE'],
    },
  },
  {
    name: 'Docker Hub secret for the sidecar is no mismatch for the ECR image',
    snapshot: snapshot({
      deployments: [
        deployment({ sidecarImage: 'acme/agent:2', pullSecrets: ['regcred'] }),
      ],
      secrets: [secret({ writtenHoursAgo: 900, hosts: ['docker.io'] })],
    }),
    iam: iam(),
    expected: { ...ok('node-role'), pullAuths: ['node-role', 'static-secret'] },
    nearMissOf: ['SECRET_REGISTRY_MISMATCH', 'SECRET_MASKED_BY_NODE_ROLE'],
  },
  {
    name: 'pull secret key with a scheme matches the registry',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 1, hosts: [`https://${REGISTRY}`] })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
    nearMissOf: ['SECRET_REGISTRY_MISMATCH'],
  },
  {
    name: 'broken .dockerconfigjson',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 1, dockerConfigJson: '{"auths": ' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
  {
    name: 'Secrets could not be listed',
    snapshot: withRegcred({ forbidden: { secrets: true } }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['SECRETS_NOT_READABLE'],
    },
  },
  {
    name: 'Secrets forbidden but the workload names no pull secret',
    snapshot: snapshot({ forbidden: { secrets: true } }),
    iam: iam(),
    expected: ok('node-role'),
    nearMissOf: ['SECRETS_NOT_READABLE'],
  },
  {
    name: 'CronJobs forbidden but an ExternalSecret refreshes the secret',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 0.5, manager: 'external-secrets' })],
      externalSecrets: [externalSecret()],
      forbidden: { cronJobs: true },
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: ['OBJECTS_NOT_READABLE'],
  },
  {
    name: 'CronJobs could not be listed: static or rotating is unknown',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 2 })],
      forbidden: { cronJobs: true },
    }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
  },
  {
    name: 'a Docker Hub pull secret does not expire',
    snapshot: withRegcred({
      deployments: [
        deployment({ image: 'acme/private-app:3', pullSecrets: ['regcred'] }),
      ],
      secrets: [
        secret({
          writtenHoursAgo: 900,
          hosts: ['https://index.docker.io/v1/'],
        }),
      ],
    }),
    iam: iam(),
    expected: ok('static-secret'),
    nearMissOf: ['SECRET_EXPIRED', 'SECRET_EXPIRES_SOON'],
  },
];
