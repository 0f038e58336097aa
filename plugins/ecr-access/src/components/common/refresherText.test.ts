import type { RefresherSummary } from '@ecr-access/plugin-ecr-access-common';
import { recognisedBy, refresherLine } from './refresherText';

const now = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (h: number) =>
  new Date(now.getTime() - h * 3600_000).toISOString();

const cronJob: RefresherSummary = {
  kind: 'CronJob',
  namespace: 'health-check',
  name: 'ecr-registry-helper',
  schedule: '0 */10 * * *',
  intervalSeconds: 36000,
};

describe('refresherLine', () => {
  it('says a run still in progress, after the last success', () => {
    expect(
      refresherLine(
        {
          ...cronJob,
          lastSuccessAt: hoursAgo(10),
          lastRun: { name: 'erh-2', outcome: 'running', at: hoursAgo(0.1) },
        },
        now,
      ),
    ).toBe(
      'CronJob health-check/ecr-registry-helper (0 */10 * * *, every 10 h); last success 10 hours ago; last run erh-2 started 6 minutes ago, still running',
    );
  });

  it('says a suspended CronJob without a recorded success', () => {
    expect(refresherLine({ ...cronJob, suspended: true }, now)).toBe(
      'CronJob health-check/ecr-registry-helper (0 */10 * * *, every 10 h) — suspended; last success unknown',
    );
  });

  it('gives an ExternalSecret its interval, in minutes under an hour', () => {
    expect(
      refresherLine(
        {
          kind: 'ExternalSecret',
          namespace: 'shop',
          name: 'ecr-token',
          intervalSeconds: 1800,
          lastSuccessAt: hoursAgo(0.25),
        },
        now,
      ),
    ).toBe(
      'ExternalSecret shop/ecr-token (every 30 min); last success 15 minutes ago',
    );
  });

  it('says a standalone Job runs once, with its run', () => {
    expect(
      refresherLine(
        {
          kind: 'Job',
          namespace: 'shop',
          name: 'ecr-login',
          lastSuccessAt: hoursAgo(30),
          lastRun: {
            name: 'ecr-login',
            outcome: 'succeeded',
            at: hoursAgo(30),
          },
        },
        now,
      ),
    ).toBe(
      'Job shop/ecr-login (runs once, no schedule); last run ecr-login succeeded 30 hours ago',
    );
  });

  it('says nothing of runs for a controller', () => {
    expect(
      refresherLine(
        { kind: 'Controller', namespace: 'kube-system', name: 'creds' },
        now,
      ),
    ).toBe('Controller kube-system/creds (long-running, no schedule)');
  });
});

describe('recognisedBy', () => {
  it('names the places, never values', () => {
    expect(
      recognisedBy(
        {
          ...cronJob,
          writeAccess: 'scoped',
          namedIn: [
            { source: 'env' },
            { source: 'configMapKeyRef', configMap: 'helper-cm' },
            { source: 'env' },
          ],
        },
        'regcred',
      ),
    ).toBe(
      'may write regcred (an RBAC rule names it); names it in an env value, ConfigMap helper-cm (configMapKeyRef)',
    );
    expect(
      recognisedBy({ ...cronJob, namedIn: [{ source: 'command' }] }, 'regcred'),
    ).toBe('names regcred in its command');
    expect(recognisedBy(cronJob, 'regcred')).toBe('');
  });
});
