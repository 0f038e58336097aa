import { findRefresher, RefresherJob } from './refreshers';
import {
  jobRun,
  refresherFindings,
  summarizeRefresher,
} from './refresherHealth';
import {
  ecrRegistryCredentialsCronJob,
  ecrRegistryCredentialsRbac,
  registryCredsDeployment,
  registryCredsRbac,
  registryHelperCronJob,
  registryHelperJob,
  registryHelperWorld,
} from './__fixtures__/classify.secrets';
import {
  externalSecret,
  hoursAgo,
  NOW,
  regcredCronJob,
  secret,
  secretRole,
  secretRoleBinding,
} from './__fixtures__/classify.builders';

const rbac = { roles: [secretRole()], roleBindings: [secretRoleBinding()] };
const codes = (job: RefresherJob) =>
  refresherFindings(job, NOW).map(f => f.code);

describe('findRefresher', () => {
  it('finds the regcred CronJob by scoped RBAC and by name', () => {
    const job = findRefresher(secret({ writtenHoursAgo: 1 }), {
      cronJobs: [regcredCronJob({ lastSuccessHoursAgo: 1 })],
      ...rbac,
    });
    expect(job).toMatchObject({
      kind: 'CronJob',
      name: 'ecr-cred-helper',
      evidence: ['rbac-scoped', 'names-secret'],
      suspended: false,
    });
  });

  it('does not take a CronJob whose Role names the secret but that never names it', () => {
    const job = findRefresher(secret({ writtenHoursAgo: 1 }), {
      cronJobs: [regcredCronJob({ namesSecret: false })],
      ...rbac,
    });
    expect(job).toBeUndefined();
  });

  it('does not take a CronJob in another namespace that only names the secret', () => {
    const cj = regcredCronJob();
    const elsewhere = {
      ...cj,
      metadata: { ...cj.metadata, namespace: 'tools' },
    };
    expect(
      findRefresher(secret({ writtenHoursAgo: 1 }), { cronJobs: [elsewhere] }),
    ).toBeUndefined();
  });

  it('prefers an ExternalSecret with an ECRAuthorizationToken generator', () => {
    const job = findRefresher(secret({ writtenHoursAgo: 1 }), {
      externalSecrets: [externalSecret()],
      cronJobs: [regcredCronJob()],
      ...rbac,
    });
    expect(job).toMatchObject({
      kind: 'ExternalSecret',
      name: 'ecr-token',
      ready: true,
    });
  });

  it('ignores an ExternalSecret without the ECR generator', () => {
    const es = externalSecret();
    const plain = {
      ...es,
      spec: { ...es.spec, dataFrom: [{ extract: { key: 'x' } }] },
    };
    expect(
      findRefresher(secret({ writtenHoursAgo: 1 }), {
        externalSecrets: [plain],
      }),
    ).toBeUndefined();
  });

  it('recognises the registry-creds controller as the last writer', () => {
    expect(
      findRefresher(
        secret({ writtenHoursAgo: 1, manager: 'registry-creds' }),
        {},
      ),
    ).toEqual({
      kind: 'Controller',
      namespace: 'shop',
      name: 'registry-creds',
    });
  });

  it('takes the external-secrets writer for a refresher only when ExternalSecrets were not listed', () => {
    const written = secret({ writtenHoursAgo: 1, manager: 'external-secrets' });
    expect(findRefresher(written, {})).toEqual({
      kind: 'Controller',
      namespace: 'shop',
      name: 'external-secrets',
    });
    expect(findRefresher(written, { externalSecrets: [] })).toBeUndefined();
  });

  it('returns undefined for a static secret and for malformed input', () => {
    expect(
      findRefresher(secret({ writtenHoursAgo: 1 }), {
        cronJobs: [null, 'x', {}] as unknown[],
      }),
    ).toBeUndefined();
    expect(findRefresher(undefined, {})).toBeUndefined();
  });
});

describe('refresherFindings', () => {
  const cron = (
    over: Partial<Extract<RefresherJob, { kind: 'CronJob' }>>,
  ): RefresherJob => ({
    kind: 'CronJob',
    namespace: 'shop',
    name: 'ecr-cred-helper',
    schedule: '0 */6 * * *',
    suspended: false,
    lastSuccessAt: Date.parse(hoursAgo(2)),
    createdAt: Date.parse(hoursAgo(500)),
    evidence: ['rbac-scoped'],
    ...over,
  });

  it.each([
    ['healthy', cron({}), []],
    ['suspended', cron({ suspended: true }), ['REFRESHER_FAILING']],
    [
      'last success 13 h ago',
      cron({ lastSuccessAt: Date.parse(hoursAgo(13)) }),
      ['REFRESHER_FAILING'],
    ],
    [
      'never succeeded',
      cron({ lastSuccessAt: undefined }),
      ['REFRESHER_FAILING'],
    ],
    [
      'new and not run yet',
      cron({ lastSuccessAt: undefined, createdAt: Date.parse(hoursAgo(1)) }),
      [],
    ],
    ['every 12 h', cron({ schedule: '0 */12 * * *' }), ['REFRESHER_TOO_SLOW']],
    ['every 8 h', cron({ schedule: '0 */8 * * *' }), []],
    ['bad cron', cron({ schedule: 'every day' }), ['INPUT_MALFORMED']],
  ])('CronJob %s', (_label, job, expected) => {
    expect(codes(job)).toEqual(expected);
  });

  it.each([
    ['default 1h interval', undefined, true, []],
    ['24h interval', '24h', true, ['REFRESHER_TOO_SLOW']],
    ['interval 0', '0', true, ['REFRESHER_TOO_SLOW']],
    ['unparsable interval', 'daily', true, ['INPUT_MALFORMED']],
    ['not Ready', '1h', false, ['REFRESHER_FAILING']],
  ])('ExternalSecret %s', (_label, refreshInterval, ready, expected) => {
    expect(
      codes({
        kind: 'ExternalSecret',
        namespace: 'shop',
        name: 'ecr-token',
        refreshInterval,
        ready,
      }),
    ).toEqual(expected);
  });

  it('summarises the schedule as an interval', () => {
    expect(summarizeRefresher(cron({}))).toEqual({
      kind: 'CronJob',
      namespace: 'shop',
      name: 'ecr-cred-helper',
      schedule: '0 */6 * * *',
      intervalSeconds: 21600,
      suspended: false,
      lastSuccessAt: hoursAgo(2),
      writeAccess: 'scoped',
    });
  });
});

describe('seed 002 and the refreshers people write', () => {
  const world = registryHelperWorld;
  const regcred = secret({ writtenHoursAgo: 1 });

  it('finds the ecr-registry-helper CronJob by its delete+create Role and the name in its envFrom ConfigMap', () => {
    const job = findRefresher(regcred, world);
    expect(job).toMatchObject({
      kind: 'CronJob',
      name: 'ecr-registry-helper',
      evidence: ['rbac-scoped', 'names-secret'],
      mentions: [
        {
          secret: 'regcred',
          source: 'envFrom',
          configMap: 'ecr-registry-helper-cm',
        },
      ],
      lastRun: { outcome: 'succeeded' },
    });
    expect(codes(job!)).toEqual([]);
    expect(summarizeRefresher(job!)).toMatchObject({
      kind: 'CronJob',
      intervalSeconds: 36000,
      writeAccess: 'scoped',
      namedIn: [{ source: 'envFrom', configMap: 'ecr-registry-helper-cm' }],
      lastRun: { outcome: 'succeeded' },
    });
  });

  it('without what the collector found in the ConfigMap, the CronJob does not name the secret', () => {
    expect(findRefresher(regcred, { ...world, secretMentions: [] })).toBe(
      undefined,
    );
  });

  it('finds the name in args and in a plain env value', () => {
    for (const nameIn of ['args', 'env'] as const) {
      const job = findRefresher(regcred, {
        ...world,
        secretMentions: [],
        cronJobs: [registryHelperCronJob({ nameIn, lastSuccessHoursAgo: 1 })],
      });
      expect(job).toMatchObject({ mentions: [{ source: nameIn }] });
    }
  });

  it('follows a RoleBinding to a ClusterRole with verbs ["*"]', () => {
    const job = findRefresher(regcred, {
      ...world,
      roles: [],
      clusterRoles: [
        {
          metadata: { name: 'secret-admin' },
          rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }],
        },
      ],
      roleBindings: [
        {
          metadata: { name: 'b', namespace: 'shop' },
          roleRef: { kind: 'ClusterRole', name: 'secret-admin' },
          subjects: [{ kind: 'ServiceAccount', name: 'sa-health-check' }],
        },
      ],
    });
    expect(job).toMatchObject({ evidence: ['rbac-broad', 'names-secret'] });
  });

  it("reports the last Job's failure, found by ownerReferences", () => {
    const job = findRefresher(regcred, {
      ...world,
      jobs: [
        registryHelperJob({ startedHoursAgo: 3, outcome: 'succeeded' }),
        registryHelperJob({ startedHoursAgo: 1, outcome: 'failed' }),
      ],
    });
    expect(job).toMatchObject({
      lastRun: { outcome: 'failed', reason: 'BackoffLimitExceeded' },
    });
    expect(refresherFindings(job!, NOW).map(f => f.message)).toEqual([
      expect.stringMatching(/last run, Job .* failed \(BackoffLimitExceeded\)/),
    ]);
  });

  it('takes a registry-creds-style Deployment in another namespace through a ClusterRoleBinding', () => {
    const controller = {
      metadata: { name: 'registry-creds', namespace: 'kube-system' },
      spec: {
        replicas: 1,
        template: {
          spec: {
            serviceAccountName: 'registry-creds',
            containers: [
              {
                name: 'registry-creds',
                image: 'upmcenterprises/registry-creds:1.10',
                args: ['--aws-secret-name=awsecr-cred'],
              },
            ],
          },
        },
      },
      status: { availableReplicas: 0 },
    };
    const objects = {
      deployments: [controller],
      clusterRoles: [
        {
          metadata: { name: 'registry-creds' },
          rules: [
            {
              apiGroups: [''],
              resources: ['secrets', 'serviceaccounts'],
              verbs: ['get', 'create', 'update', 'patch'],
            },
          ],
        },
      ],
      clusterRoleBindings: [
        {
          metadata: { name: 'registry-creds' },
          roleRef: { kind: 'ClusterRole', name: 'registry-creds' },
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
    const job = findRefresher(
      secret({ name: 'awsecr-cred', writtenHoursAgo: 1 }),
      objects,
    );
    expect(job).toMatchObject({
      kind: 'Deployment',
      namespace: 'kube-system',
      evidence: ['rbac-broad', 'names-secret'],
    });
    expect(codes(job!)).toEqual(['REFRESHER_FAILING']);
    // The same grant without the name is no evidence: a broad grant alone is not a refresher.
    expect(findRefresher(regcred, objects)).toBeUndefined();
  });

  it('takes a standalone Job, which runs once, and never the Jobs of a CronJob', () => {
    const oneOff = {
      ...registryHelperJob({ startedHoursAgo: 2, outcome: 'succeeded' }),
      metadata: { name: 'refresh-once', namespace: 'shop' },
      spec: registryHelperCronJob({ nameIn: 'args' }).spec.jobTemplate.spec,
    };
    const job = findRefresher(regcred, {
      ...world,
      cronJobs: [],
      secretMentions: [],
      jobs: [oneOff],
    });
    expect(job).toMatchObject({ kind: 'Job', name: 'refresh-once' });
    expect(codes(job!)).toEqual(['REFRESHER_TOO_SLOW']);
    const owned = {
      ...oneOff,
      metadata: registryHelperJob({ startedHoursAgo: 2, outcome: 'succeeded' })
        .metadata,
    };
    expect(
      findRefresher(regcred, { ...world, cronJobs: [], jobs: [owned] }),
    ).toBeUndefined();
  });
});

describe('known controllers by image: registry-creds', () => {
  const awsecr = (ns = 'shop') =>
    secret({ name: 'awsecr-cred', ns, writtenHoursAgo: 6 });
  const world = (over: Parameters<typeof registryCredsDeployment>[0] = {}) => ({
    ...registryCredsRbac,
    deployments: [registryCredsDeployment(over)],
  });

  it('as upstream ships it (no args) refreshes its default awsecr-cred, with health', () => {
    const job = findRefresher(awsecr(), world({ available: 0 }));
    expect(job).toMatchObject({
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'registry-creds',
      evidence: ['rbac-broad', 'controller-default'],
      availableReplicas: 0,
    });
    expect(job).not.toHaveProperty('mentions');
    expect(codes(job!)).toEqual(['REFRESHER_FAILING']);
    expect(summarizeRefresher(job!)).toEqual({
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'registry-creds',
      writeAccess: 'broad',
      namedIn: undefined,
    });
    expect(codes(findRefresher(awsecr(), world())!)).toEqual([]);
    // Its image on another registry, by digest.
    const mirrored = world({
      image: 'registry.example.com:5000/mirror/registry-creds@sha256:abc',
    });
    expect(findRefresher(awsecr(), mirrored)).toMatchObject({
      kind: 'Deployment',
    });
  });

  it('never without write access, never another name, never a look-alike image', () => {
    const noRbac = { deployments: [registryCredsDeployment()] };
    expect(findRefresher(awsecr(), noRbac)).toBeUndefined();
    expect(
      findRefresher(secret({ writtenHoursAgo: 6 }), world()),
    ).toBeUndefined();
    for (const image of [
      'example/registry-creds-exporter:1',
      'registry-creds/other:1',
    ]) {
      expect(findRefresher(awsecr(), world({ image }))).toBeUndefined();
    }
  });

  it('--aws-secret-name renames the secret: the default is no longer written', () => {
    for (const args of [
      ['--aws-secret-name=ecr-pull'],
      ['--aws-secret-name', 'ecr-pull'],
    ]) {
      expect(findRefresher(awsecr(), world({ args }))).toBeUndefined();
      expect(
        findRefresher(
          secret({ name: 'ecr-pull', writtenHoursAgo: 6 }),
          world({ args }),
        ),
      ).toMatchObject({
        evidence: ['rbac-broad', 'names-secret'],
        mentions: [{ source: 'args' }],
      });
    }
    // The repository's seed passes the default explicitly: a name like any other.
    expect(
      findRefresher(
        awsecr(),
        world({ args: ['--aws-secret-name=awsecr-cred'] }),
      ),
    ).toMatchObject({ evidence: ['rbac-broad', 'names-secret'] });
  });

  it('follows its namespace flags (kube-system skipped by default)', () => {
    expect(findRefresher(awsecr('kube-system'), world())).toBeUndefined();
    expect(
      findRefresher(
        awsecr('kube-system'),
        world({ args: ['--skip-kube-system=false'] }),
      ),
    ).toMatchObject({ kind: 'Deployment' });
    expect(
      findRefresher(awsecr(), world({ args: ['--include-namespaces=a,b'] })),
    ).toBeUndefined();
    expect(
      findRefresher(
        awsecr(),
        world({
          args: ['--include-namespaces=a,shop', '--exclude-namespaces=shop'],
        }),
      ),
    ).toMatchObject({ kind: 'Deployment' });
    expect(
      findRefresher(awsecr(), world({ args: ['--exclude-namespaces=shop'] })),
    ).toBeUndefined();
  });

  it('a workload seen first, the last writer only when none is', () => {
    const written = secret({
      name: 'awsecr-cred',
      writtenHoursAgo: 6,
      manager: 'registry-creds',
    });
    expect(findRefresher(written, world({ available: 0 }))).toMatchObject({
      kind: 'Deployment',
    });
    expect(findRefresher(written, {})).toMatchObject({ kind: 'Controller' });
  });
});

describe('a refresher that builds the name from variables', () => {
  const built = secret({
    name: 'us-east-1-ecr-registry-credentials',
    writtenHoursAgo: 1,
  });
  const world = (cronJob: unknown, over: object = {}) => ({
    ...ecrRegistryCredentialsRbac,
    cronJobs: [cronJob],
    ...over,
  });

  it('finds the ecr-registry-credentials CronJob by its Role and ${AWS_REGION}-ecr-registry-credentials', () => {
    const job = findRefresher(built, world(ecrRegistryCredentialsCronJob()));
    expect(job).toMatchObject({
      kind: 'CronJob',
      name: 'ecr-registry-credentials',
      evidence: ['rbac-broad', 'names-secret'],
      mentions: [{ secret: built.metadata.name, source: 'command' }],
    });
    expect(codes(job!)).toEqual([]);
    expect(
      findRefresher(
        built,
        world(ecrRegistryCredentialsCronJob({ regionFrom: 'secret' })),
      ),
    ).toMatchObject({ kind: 'CronJob' });
  });

  it('never for another region, nor without write access', () => {
    expect(
      findRefresher(
        built,
        world(ecrRegistryCredentialsCronJob({ region: 'eu-west-1' })),
      ),
    ).toBeUndefined();
    expect(
      findRefresher(
        built,
        world(ecrRegistryCredentialsCronJob(), { roleBindings: [] }),
      ),
    ).toBeUndefined();
    // A Role that may only read secrets.
    const readOnly = {
      ...ecrRegistryCredentialsRbac,
      roles: [
        {
          metadata: { name: 'ecr-registry-credentials', namespace: 'shop' },
          rules: [
            { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
          ],
        },
      ],
    };
    expect(
      findRefresher(built, {
        ...readOnly,
        cronJobs: [ecrRegistryCredentialsCronJob()],
      }),
    ).toBeUndefined();
  });

  it('as collected (env values dropped): the collector decides', () => {
    const dropped = ecrRegistryCredentialsCronJob({
      regionFrom: 'env-dropped',
    });
    expect(findRefresher(built, world(dropped))).toBeUndefined();
    const found = {
      kind: 'CronJob' as const,
      namespace: 'shop',
      name: 'ecr-registry-credentials',
      mentions: [{ secret: built.metadata.name, source: 'command' as const }],
    };
    expect(
      findRefresher(built, world(dropped, { secretMentions: [found] })),
    ).toMatchObject({ kind: 'CronJob', mentions: [{ source: 'command' }] });
  });

  it('drops collected mentions that are not mentions, without throwing (found by the property test)', () => {
    const dropped = ecrRegistryCredentialsCronJob({
      regionFrom: 'env-dropped',
    });
    const mangled = {
      kind: 'CronJob' as const,
      namespace: 'shop',
      name: 'ecr-registry-credentials',
      mentions: [undefined, null, 7, { source: 'command' }] as never[],
    };
    expect(
      findRefresher(built, world(dropped, { secretMentions: [mangled] })),
    ).toBeUndefined();
  });
});

describe('jobRun', () => {
  const job = (status: object) => ({ metadata: { name: 'j' }, status });
  it.each([
    [{ conditions: [{ type: 'Failed', status: 'True' }] }, 'failed'],
    [{ conditions: [{ type: 'Complete', status: 'True' }] }, 'succeeded'],
    [{ succeeded: 1 }, 'succeeded'],
    [{ failed: 2, active: 1 }, 'running'],
    [{ failed: 1 }, 'failed'],
    [{}, 'running'],
  ])('%j is %s', (status, outcome) => {
    expect(jobRun(job(status)).outcome).toBe(outcome);
  });
});
