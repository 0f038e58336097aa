import {
  findRefresher,
  refresherFindings,
  RefresherJob,
  summarizeRefresher,
} from './refreshers';
import {
  externalSecret,
  hoursAgo,
  NOW,
  regcredCronJob,
  secret,
  secretRole,
  secretRoleBinding,
} from './classify.fixtureBuilders';

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

  it('finds a CronJob by scoped RBAC alone', () => {
    const job = findRefresher(secret({ writtenHoursAgo: 1 }), {
      cronJobs: [regcredCronJob({ namesSecret: false })],
      ...rbac,
    });
    expect(job).toMatchObject({ kind: 'CronJob', evidence: ['rbac-scoped'] });
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
    });
  });
});
