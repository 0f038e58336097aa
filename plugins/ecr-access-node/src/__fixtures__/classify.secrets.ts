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
  iamWithShopWebIn,
} from './classify.builders';
import {
  ClassifyFixture,
  noNodeRoles,
  ok,
  pullSa,
  tokenCluster,
  regcredWorld,
  withRegcred,
} from './classify.shared';
import { hoursAgo } from './classify.builders';
import type { ClusterSnapshot } from '../snapshot';

/** Where seed 002's CronJob takes the secret's name from. */
type NameSource = 'envFrom' | 'configMapKeyRef' | 'env' | 'args';

/**
 * Seed 002's refresher as the widely copied "ecr-registry-helper" manifests write it
 * (examples/kubernetes/seed-002-ecr-registry-helper): a CronJob that deletes `regcred` and
 * creates it again, its name from a ConfigMap loaded with `envFrom`.
 */
export function registryHelperCronJob(
  opts: {
    schedule?: string;
    lastSuccessHoursAgo?: number;
    nameIn?: NameSource;
    uid?: string;
  } = {},
) {
  const nameIn = opts.nameIn ?? 'envFrom';
  const script = [
    'kubectl delete secret --ignore-not-found $DOCKER_SECRET_NAME -n $NAMESPACE_NAME',
    'kubectl create secret docker-registry $DOCKER_SECRET_NAME --docker-server=https://${AWS_ACCOUNT}.dkr.ecr.${AWS_REGION}.amazonaws.com --docker-username=AWS --docker-password="$(aws ecr get-login-password)" --namespace=$NAMESPACE_NAME',
  ].join('\n');
  const env: object[] = [{ name: 'NAMESPACE_NAME', value: 'shop' }];
  if (nameIn === 'env')
    env.push({ name: 'DOCKER_SECRET_NAME', value: 'regcred' });
  if (nameIn === 'configMapKeyRef') {
    env.push({
      name: 'DOCKER_SECRET_NAME',
      valueFrom: {
        configMapKeyRef: {
          name: 'ecr-registry-helper-cm',
          key: 'DOCKER_SECRET_NAME',
        },
      },
    });
  }
  return {
    metadata: {
      name: 'ecr-registry-helper',
      namespace: 'shop',
      uid: opts.uid ?? 'cj-ecr-registry-helper',
      creationTimestamp: hoursAgo(500),
    },
    spec: {
      schedule: opts.schedule ?? '0 */10 * * *',
      successfulJobsHistoryLimit: 3,
      suspend: false,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              serviceAccountName: 'sa-health-check',
              containers: [
                {
                  name: 'ecr-registry-helper',
                  image: 'odaniait/aws-kubectl:latest',
                  imagePullPolicy: 'IfNotPresent',
                  envFrom: [
                    { secretRef: { name: 'ecr-registry-helper-secrets' } },
                    { configMapRef: { name: 'ecr-registry-helper-cm' } },
                  ],
                  command: ['/bin/sh', '-c'],
                  args:
                    nameIn === 'args'
                      ? [script.replace(/\$DOCKER_SECRET_NAME/g, 'regcred')]
                      : [script],
                  env,
                },
              ],
              restartPolicy: 'Never',
            },
          },
        },
      },
    },
    status:
      opts.lastSuccessHoursAgo === undefined
        ? {}
        : { lastSuccessfulTime: hoursAgo(opts.lastSuccessHoursAgo) },
  };
}

/** A Job the CronJob started, linked by ownerReferences. */
export function registryHelperJob(opts: {
  startedHoursAgo: number;
  outcome: 'succeeded' | 'failed';
}) {
  const startTime = hoursAgo(opts.startedHoursAgo);
  const failed = opts.outcome === 'failed';
  return {
    metadata: {
      name: `ecr-registry-helper-${Math.round(1000 - opts.startedHoursAgo)}`,
      namespace: 'shop',
      creationTimestamp: startTime,
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: 'ecr-registry-helper',
          uid: 'cj-ecr-registry-helper',
          controller: true,
        },
      ],
    },
    spec: { template: { spec: { containers: [] } } },
    status: {
      startTime,
      ...(failed ? { failed: 1 } : { succeeded: 1, completionTime: startTime }),
      conditions: [
        {
          type: failed ? 'Failed' : 'Complete',
          status: 'True',
          ...(failed ? { reason: 'BackoffLimitExceeded' } : {}),
          lastTransitionTime: startTime,
        },
      ],
    },
  };
}

/** Seed 002's Role: delete only `regcred`, create any secret (create cannot be scoped). */
export function registryHelperRole(
  rules: object[] = [
    {
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['regcred'],
      verbs: ['delete'],
    },
    { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
  ],
) {
  return {
    metadata: { name: 'role-full-access-to-secrets', namespace: 'shop' },
    rules,
  };
}

const registryHelperBinding = {
  metadata: { name: 'health-check-role-binding', namespace: 'shop' },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'Role',
    name: 'role-full-access-to-secrets',
  },
  subjects: [
    { kind: 'ServiceAccount', name: 'sa-health-check', namespace: 'shop' },
  ],
};

/**
 * What the collector keeps of seed 002 after reading the ConfigMap its CronJob loads: the
 * name it found and where, never the ConfigMap's data.
 */
export function registryHelperMentions(
  source: 'envFrom' | 'configMapKeyRef' = 'envFrom',
): ClusterSnapshot['secretMentions'] {
  return [
    {
      kind: 'CronJob',
      namespace: 'shop',
      name: 'ecr-registry-helper',
      mentions: [
        { secret: 'regcred', source, configMap: 'ecr-registry-helper-cm' },
      ],
    },
  ];
}

/** Seed 002 healthy: the secret re-created 1 h ago by the run that succeeded then. */
export const registryHelperWorld: Partial<ClusterSnapshot> = {
  serviceAccounts: [
    serviceAccount(),
    serviceAccount({ name: 'sa-health-check', labels: {} }),
  ],
  secrets: [secret({ writtenHoursAgo: 1 })],
  cronJobs: [registryHelperCronJob({ lastSuccessHoursAgo: 1 })],
  jobs: [registryHelperJob({ startedHoursAgo: 1, outcome: 'succeeded' })],
  roles: [registryHelperRole()],
  roleBindings: [registryHelperBinding],
  secretMentions: registryHelperMentions(),
};

/**
 * upmc-enterprises/registry-creds as its k8s/deployment.yaml installs it: a Deployment in
 * kube-system with no args (the secret is its `--aws-secret-name` default, awsecr-cred), its AWS
 * keys from the Secret registry-creds-ecr, writing through a ClusterRoleBinding.
 */
export function registryCredsDeployment(
  opts: { available?: number; args?: string[]; image?: string } = {},
) {
  return {
    metadata: {
      name: 'registry-creds',
      namespace: 'kube-system',
      creationTimestamp: hoursAgo(500),
    },
    spec: {
      replicas: 1,
      template: {
        spec: {
          serviceAccountName: 'registry-creds',
          containers: [
            {
              name: 'registry-creds',
              image: opts.image ?? 'upmcenterprises/registry-creds:1.10',
              ...(opts.args ? { args: opts.args } : {}),
              env: [
                {
                  name: 'awsregion',
                  valueFrom: {
                    secretKeyRef: {
                      name: 'registry-creds-ecr',
                      key: 'aws-region',
                    },
                  },
                },
              ],
            },
          ],
        },
      },
    },
    status: {
      replicas: 1,
      availableReplicas: opts.available ?? 1,
    },
  };
}

/** registry-creds' ClusterRole and ClusterRoleBinding (k8s/clusteRole.yaml upstream). */
export const registryCredsRbac: Partial<ClusterSnapshot> = {
  clusterRoles: [
    {
      metadata: { name: 'list-namespaces-registry-creds' },
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list'] },
        {
          apiGroups: [''],
          resources: ['secrets'],
          verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'],
        },
      ],
    },
  ],
  clusterRoleBindings: [
    {
      metadata: { name: 'registry-creds-list-namespaces' },
      roleRef: { kind: 'ClusterRole', name: 'list-namespaces-registry-creds' },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: 'registry-creds',
          namespace: 'kube-system',
        },
      ],
    },
  ],
};

/** registry-creds keeping awsecr-cred in shop, written 6 h ago, which a Deployment pulls with. */
export const registryCredsWorld = (
  over: { available?: number; args?: string[] } = {},
): Partial<ClusterSnapshot> => ({
  ...registryCredsRbac,
  deployments: [
    deployment({ pullSecrets: ['awsecr-cred'] }),
    registryCredsDeployment(over),
  ],
  secrets: [
    secret({
      name: 'awsecr-cred',
      writtenHoursAgo: 6,
      manager: 'registry-creds',
    }),
  ],
});

/** Where the "ecr-registry-credentials" CronJob's AWS_REGION comes from. */
type RegionFrom = 'env' | 'env-dropped' | 'secret';

/**
 * The widely copied "ecr-registry-credentials" CronJob
 * (examples/kubernetes/public-cases/node-role/ecr-registry-credentials-cronjob.yaml): its script
 * builds the name, SECRET_NAME=${AWS_REGION}-ecr-registry-credentials, so the literal
 * us-east-1-ecr-registry-credentials is written nowhere. `env-dropped` is the CronJob as the
 * collector keeps it (env values dropped).
 */
export function ecrRegistryCredentialsCronJob(
  opts: { region?: string; regionFrom?: RegionFrom } = {},
) {
  const regionFrom = opts.regionFrom ?? 'env';
  const region =
    regionFrom === 'secret'
      ? {
          name: 'AWS_REGION',
          valueFrom: {
            secretKeyRef: { name: 'aws-credentials', key: 'AWS_REGION' },
          },
        }
      : {
          name: 'AWS_REGION',
          ...(regionFrom === 'env'
            ? { value: opts.region ?? 'us-east-1' }
            : {}),
        };
  const script = [
    'SECRET_NAME=${AWS_REGION}-ecr-registry-credentials',
    'TOKEN=`aws ecr get-login-password --region ${AWS_REGION}`',
    'kubectl delete secret --ignore-not-found ${SECRET_NAME}',
    'kubectl create secret docker-registry ${SECRET_NAME} --docker-server=https://${AWS_ACCOUNT}.dkr.ecr.${AWS_REGION}.amazonaws.com --docker-username=AWS --docker-password="${TOKEN}"',
    `kubectl patch sa default -p '{"imagePullSecrets":[{"name":"'\${SECRET_NAME}'"}]}'`,
  ].join('\n');
  return {
    metadata: {
      name: 'ecr-registry-credentials',
      namespace: 'shop',
      uid: 'cj-ecr-registry-credentials',
      creationTimestamp: hoursAgo(500),
    },
    spec: {
      schedule: '0 */6 * * *',
      suspend: false,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              serviceAccountName: 'ecr-registry-credentials',
              containers: [
                {
                  name: 'ecr-registry-credentials',
                  image: 'jcorral/awscli-kubectl:latest',
                  command: ['/bin/sh', '-c', script],
                  env: [
                    region,
                    {
                      name: 'AWS_ACCOUNT',
                      valueFrom: {
                        secretKeyRef: {
                          name: 'aws-credentials',
                          key: 'AWS_ACCOUNT',
                        },
                      },
                    },
                  ],
                },
              ],
              restartPolicy: 'Never',
            },
          },
        },
      },
    },
    status: { lastSuccessfulTime: hoursAgo(1) },
  };
}

/** Its Role (get, create, delete on any secret of the namespace) and RoleBinding. */
export const ecrRegistryCredentialsRbac: Partial<ClusterSnapshot> = {
  roles: [
    {
      metadata: { name: 'ecr-registry-credentials', namespace: 'shop' },
      rules: [
        {
          apiGroups: [''],
          resources: ['secrets'],
          verbs: ['get', 'create', 'delete'],
        },
      ],
    },
  ],
  roleBindings: [
    {
      metadata: { name: 'ecr-registry-credentials', namespace: 'shop' },
      roleRef: { kind: 'Role', name: 'ecr-registry-credentials' },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: 'ecr-registry-credentials',
          namespace: 'shop',
        },
      ],
    },
  ],
};

const BUILT_NAME = 'us-east-1-ecr-registry-credentials';

/** The CronJob keeping us-east-1-ecr-registry-credentials, written 1 h ago, in shop. */
export const ecrRegistryCredentialsWorld = (
  over: Partial<ClusterSnapshot> = {},
): Partial<ClusterSnapshot> => ({
  ...ecrRegistryCredentialsRbac,
  deployments: [deployment({ pullSecrets: [BUILT_NAME] })],
  secrets: [secret({ name: BUILT_NAME, writtenHoursAgo: 1 })],
  cronJobs: [ecrRegistryCredentialsCronJob()],
  ...over,
});

const staticSoon = {
  pullAuth: 'static-secret' as const,
  runtimeIdentity: 'node-role' as const,
  health: 'warning' as const,
  codes: ['SECRET_EXPIRES_SOON' as const],
};

const registryHelperCases: ClassifyFixture[] = [
  {
    name: 'seed 002 ecr-registry-helper, but the image names a repository that does not exist',
    snapshot: withRegcred(registryHelperWorld),
    iam: iamWithShopWebIn({ 'us-east-1': false }),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ECR_REPOSITORY_NOT_FOUND'],
    },
  },
  {
    name: 'seed 002 ecr-registry-helper: delete+create Role, name from an envFrom ConfigMap',
    snapshot: withRegcred(registryHelperWorld),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: [
      'SECRET_EXPIRES_SOON',
      'REFRESHER_FAILING',
      'REFRESHER_TOO_SLOW',
    ],
  },
  {
    name: 'seed 002 with the name in a configMapKeyRef',
    snapshot: withRegcred({
      ...registryHelperWorld,
      cronJobs: [
        registryHelperCronJob({
          lastSuccessHoursAgo: 1,
          nameIn: 'configMapKeyRef',
        }),
      ],
      secretMentions: registryHelperMentions('configMapKeyRef'),
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
  },
  {
    name: 'seed 002 with the name in a plain env value',
    snapshot: withRegcred({
      ...registryHelperWorld,
      cronJobs: [
        registryHelperCronJob({ lastSuccessHoursAgo: 1, nameIn: 'env' }),
      ],
      secretMentions: [],
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
  },
  {
    name: 'seed 002 with verbs ["*"] on regcred',
    snapshot: withRegcred({
      ...registryHelperWorld,
      roles: [
        registryHelperRole([
          {
            apiGroups: [''],
            resources: ['secrets'],
            resourceNames: ['regcred'],
            verbs: ['*'],
          },
        ]),
      ],
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
  },
  {
    name: "seed 002 whose CronJob's last Job failed",
    snapshot: withRegcred({
      ...registryHelperWorld,
      secrets: [secret({ writtenHoursAgo: 9 })],
      cronJobs: [registryHelperCronJob({ lastSuccessHoursAgo: 9 })],
      jobs: [
        registryHelperJob({ startedHoursAgo: 9, outcome: 'succeeded' }),
        registryHelperJob({ startedHoursAgo: 0.5, outcome: 'failed' }),
      ],
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
    name: 'seed 002 on a daily schedule',
    snapshot: withRegcred({
      ...registryHelperWorld,
      cronJobs: [
        registryHelperCronJob({
          schedule: '0 0 * * *',
          lastSuccessHoursAgo: 1,
        }),
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
    name: 'a CronJob that names the secret but whose ServiceAccount may write only other secrets',
    snapshot: withRegcred({
      ...registryHelperWorld,
      roles: [
        registryHelperRole([
          {
            apiGroups: [''],
            resources: ['secrets'],
            resourceNames: ['other-cred'],
            verbs: ['delete', 'update'],
          },
          { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        ]),
      ],
    }),
    iam: iam(),
    expected: staticSoon,
    nearMissOf: ['REFRESHER_FAILING'],
  },
  {
    name: 'a CronJob that names the secret but whose ServiceAccount cannot write secrets',
    snapshot: withRegcred({ ...registryHelperWorld, roleBindings: [] }),
    iam: iam(),
    expected: staticSoon,
  },
  {
    name: 'a ServiceAccount that may only create secrets cannot refresh an existing one',
    snapshot: withRegcred({
      ...registryHelperWorld,
      roles: [
        registryHelperRole([
          { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        ]),
      ],
    }),
    iam: iam(),
    expected: staticSoon,
  },
  {
    name: 'a CronJob that names the secret while Roles could not be listed: unknown, not static',
    snapshot: withRegcred({
      ...registryHelperWorld,
      roles: undefined,
      roleBindings: undefined,
      forbidden: { roles: true, roleBindings: true },
    }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
    nearMissOf: ['SECRET_EXPIRES_SOON'],
  },
];

const builtNameStatic = {
  ...staticSoon,
  // Written 1 h ago, static: expires in 11 h.
};

/** Refreshers that never write the secret's name: a controller's default, a built name. */
const unnamedRefresherCases: ClassifyFixture[] = [
  {
    name: 'registry-creds as upstream ships it (no args): its default awsecr-cred, one replica available',
    snapshot: withRegcred(registryCredsWorld()),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: ['REFRESHER_FAILING'],
  },
  {
    name: 'registry-creds with no available replica: REFRESHER_FAILING',
    snapshot: withRegcred(registryCredsWorld({ available: 0 })),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_FAILING'],
    },
  },
  {
    name: 'the ecr-registry-credentials CronJob: SECRET_NAME=${AWS_REGION}-ecr-registry-credentials, AWS_REGION us-east-1',
    snapshot: withRegcred(ecrRegistryCredentialsWorld()),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: ['SECRET_EXPIRES_SOON'],
  },
  {
    name: 'the ecr-registry-credentials CronJob with AWS_REGION from a Secret: the distinctive suffix',
    snapshot: withRegcred(
      ecrRegistryCredentialsWorld({
        cronJobs: [ecrRegistryCredentialsCronJob({ regionFrom: 'secret' })],
      }),
    ),
    iam: iam(),
    expected: ok('rotating-secret'),
  },
  {
    name: 'the ecr-registry-credentials CronJob with AWS_REGION eu-west-1 writes another secret',
    snapshot: withRegcred(
      ecrRegistryCredentialsWorld({
        cronJobs: [ecrRegistryCredentialsCronJob({ region: 'eu-west-1' })],
      }),
    ),
    iam: iam(),
    expected: builtNameStatic,
  },
  {
    name: 'the ecr-registry-credentials CronJob as collected: env values dropped, the name found by the collector',
    snapshot: withRegcred(
      ecrRegistryCredentialsWorld({
        cronJobs: [
          ecrRegistryCredentialsCronJob({ regionFrom: 'env-dropped' }),
        ],
        secretMentions: [
          {
            kind: 'CronJob',
            namespace: 'shop',
            name: 'ecr-registry-credentials',
            mentions: [{ secret: BUILT_NAME, source: 'command' }],
          },
        ],
      }),
    ),
    iam: iam(),
    expected: ok('rotating-secret'),
  },
  {
    name: 'the ecr-registry-credentials CronJob as collected, the collector finding no name (another region)',
    snapshot: withRegcred(
      ecrRegistryCredentialsWorld({
        cronJobs: [
          ecrRegistryCredentialsCronJob({ regionFrom: 'env-dropped' }),
        ],
        secretMentions: [],
      }),
    ),
    iam: iam(),
    expected: builtNameStatic,
  },
  {
    name: 'the ecr-registry-credentials CronJob whose ServiceAccount cannot write secrets',
    snapshot: withRegcred(ecrRegistryCredentialsWorld({ roleBindings: [] })),
    iam: iam(),
    expected: builtNameStatic,
  },
];

export const secretCases: ClassifyFixture[] = [
  ...registryHelperCases,
  ...unnamedRefresherCases,
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
  // review9 case 1: the kubelet's URLsMatch compares ports as written (`:443` is not "") and
  // host labels case-sensitively; such a key does not serve the plain host's image.
  ...[`${REGISTRY}:443`, `https://${REGISTRY}:443`, REGISTRY.toUpperCase()].map(
    (key): ClassifyFixture => ({
      name: `pull secret key ${key
        .replace(REGISTRY, '<registry>')
        .replace(
          REGISTRY.toUpperCase(),
          '<REGISTRY>',
        )} does not serve the plain host`,
      snapshot: snapshot({
        deployments: [deployment({ pullSecrets: ['regcred'] })],
        secrets: [secret({ writtenHoursAgo: 1, hosts: [key] })],
      }),
      iam: iam(),
      expected: {
        pullAuth: 'node-role',
        runtimeIdentity: 'node-role',
        health: 'warning',
        codes: ['SECRET_REGISTRY_MISMATCH', 'SECRET_MASKED_BY_NODE_ROLE'],
      },
    }),
  ),
  {
    // A trailing slash is kept too: `/shop/web/` is no prefix of `/shop/web`.
    name: 'pull secret key with a repository path and a trailing slash does not serve it',
    snapshot: snapshot({
      deployments: [deployment({ pullSecrets: ['regcred'] })],
      secrets: [
        secret({ writtenHoursAgo: 1, hosts: [`${REGISTRY}/shop/web/`] }),
      ],
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
