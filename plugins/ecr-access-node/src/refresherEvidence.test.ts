import { FindingCode } from '@ecr-access/plugin-ecr-access-common';
import { classifyCluster } from './classify';
import { RefresherJob } from './refreshers';
import { refresherFindings } from './refresherHealth';
import { hoursAgo, NOW } from './__fixtures__/classify.builders';
import { REFRESHER_EVIDENCE_FIXTURES } from './__fixtures__/classify.refresherEvidence';

const sorted = (codes: FindingCode[]) => [...codes].sort();
const byName = (name: string) =>
  REFRESHER_EVIDENCE_FIXTURES.find(f => f.name.startsWith(name))!;
const classified = (name: string) => {
  const fixture = byName(name);
  return classifyCluster(fixture.snapshot, fixture.iam, NOW)[0];
};
const messages = (name: string) =>
  classified(name).findings.map(f => `${f.code}: ${f.message}`);

describe('refreshers judged by what they wrote and when (review 8, cases 4 and 5)', () => {
  it.each(REFRESHER_EVIDENCE_FIXTURES.map(f => [f.name, f]))(
    '%s',
    (_name, fixture) => {
      const [status] = classifyCluster(fixture.snapshot, fixture.iam, NOW);
      expect({
        pullAuth: status.pullAuth,
        runtimeIdentity: status.runtimeIdentity,
        health: status.health,
        codes: sorted(status.findings.map(f => f.code)),
      }).toEqual({
        ...fixture.expected,
        codes: sorted(fixture.expected.codes),
      });
    },
  );

  it('says how far behind its interval a stalled ExternalSecret is', () => {
    expect(messages('ExternalSecret refreshed 9 h ago')).toEqual([
      'REFRESHER_FAILING: ExternalSecret shop/ecr-token last refreshed 9 h ago, though its refreshInterval is 1h',
    ]);
  });

  it('judges a CreatedOnce ExternalSecret as static: nothing refreshes the token', () => {
    expect(messages('ExternalSecret with refreshPolicy CreatedOnce')).toEqual([
      'SECRET_EXPIRES_SOON: the ECR token in regcred expires in 3 h and nothing refreshes it (its hosts were not read; assumed to hold the ECR token)',
    ]);
    const [container] = classified(
      'ExternalSecret with refreshPolicy CreatedOnce',
    ).containers;
    expect(container.secret).toMatchObject({ name: 'regcred' });
    expect(container.secret?.refresher).toBeUndefined();
  });

  it('names the unread ClusterGenerator instead of saying nothing refreshes the secret', () => {
    expect(messages('ExternalSecret drawing from a ClusterGenerator')).toEqual([
      'OBJECTS_NOT_READABLE: ExternalSecret shop/ecr-token draws from ClusterGenerator ecr-cluster-gen, which is not read, so whether it writes a fresh ECR token is unknown',
    ]);
  });

  it('gives the evidence that a CronJob does not write the secret it is named for', () => {
    expect(messages('CronJob that succeeded 1 h ago')).toEqual([
      'REFRESHER_FAILING: CronJob shop/ecr-cred-helper last succeeded 1 h ago, but Secret shop/regcred was last written 5 h ago by kubectl-create: its runs do not rewrite this secret',
    ]);
  });
});

describe('refresherFindings: a run after the last write', () => {
  const write = (h: number) => ({
    namespace: 'shop',
    name: 'regcred',
    at: Date.parse(hoursAgo(h)),
    writer: 'kubectl-create',
  });
  const job = (over: Partial<RefresherJob>): RefresherJob =>
    ({
      kind: 'Job',
      namespace: 'shop',
      name: 'ecr-login-once',
      evidence: ['rbac-scoped', 'names-secret'],
      run: {
        name: 'ecr-login-once',
        outcome: 'succeeded',
        at: Date.parse(hoursAgo(1)),
      },
      ...over,
    } as RefresherJob);
  const codes = (j: RefresherJob) => refresherFindings(j, NOW).map(f => f.code);

  it('a standalone Job that finished 4 h after the last write did not write it', () => {
    expect(codes(job({ secretWrite: write(5) }))).toEqual([
      'REFRESHER_TOO_SLOW',
      'REFRESHER_FAILING',
    ]);
  });

  it('a Job that finished within 15 min of the write, or before it, is the writer', () => {
    expect(codes(job({ secretWrite: write(1.2) }))).toEqual([
      'REFRESHER_TOO_SLOW',
    ]);
    expect(codes(job({ secretWrite: write(0.5) }))).toEqual([
      'REFRESHER_TOO_SLOW',
    ]);
  });

  it('without a managedFields write time, a success proves nothing either way', () => {
    expect(codes(job({}))).toEqual(['REFRESHER_TOO_SLOW']);
  });

  it('an ExternalSecret stalls only after two intervals and at least 15 min late', () => {
    const es = (
      interval: string,
      refreshedMinutesAgo: number,
    ): RefresherJob => ({
      kind: 'ExternalSecret',
      namespace: 'shop',
      name: 'ecr-token',
      refreshInterval: interval,
      ready: true,
      lastSuccessAt: NOW.getTime() - refreshedMinutesAgo * 60_000,
    });
    expect(codes(es('1h', 119))).toEqual([]);
    expect(codes(es('1h', 121))).toEqual(['REFRESHER_FAILING']);
    expect(codes(es('5m', 19))).toEqual([]);
    expect(codes(es('5m', 21))).toEqual(['REFRESHER_FAILING']);
    expect(codes(es('0', 600))).toEqual(['REFRESHER_TOO_SLOW']);
  });
});
