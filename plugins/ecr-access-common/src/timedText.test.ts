import { describePullStatus, describePullStatusTimed } from './describe';
import type { ContainerStatus, Finding, WorkloadStatus } from './model';
import { createFinding } from './model';
import { timedFindingMessage } from './timedFindings';
import { splitTimed, timedAt, wordTime, wordTimed } from './timedText';

const NOW = new Date('2026-01-10T12:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) =>
  new Date(NOW.getTime() + hours * HOUR).toISOString();

function secretWorkload(
  container: Partial<ContainerStatus>,
  findings: Finding[] = [],
): WorkloadStatus {
  const pullAuth = container.pullAuth ?? 'static-secret';
  return {
    cluster: 'prod-use1',
    namespace: 'billing',
    kind: 'Deployment',
    name: 'invoice',
    entityRefs: ['component:default/invoice'],
    serviceAccount: 'default',
    runtimeIdentity: 'none',
    pullAuth,
    pullAuths: [pullAuth],
    containers: [
      {
        name: 'invoice',
        init: false,
        image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/invoice:1',
        pullAuth,
        findings,
        health: findings.some(f => f.severity === 'error') ? 'error' : 'ok',
        ...container,
      },
    ],
    findings,
    health: findings.some(f => f.severity === 'error') ? 'error' : 'ok',
    checkedAt: NOW.toISOString(),
  };
}

const regcred = (written: number) => ({
  namespace: 'billing',
  name: 'regcred',
  lastWriteAt: at(written),
  expiresAt: at(written + 12),
});

describe('timed texts', () => {
  it('word a time by the clock they are read with, an expiry turning past', () => {
    expect(wordTime({ at: at(3), form: 'expires' }, NOW)).toBe(
      'expires in 3 h',
    );
    expect(wordTime({ at: at(-2), form: 'expires' }, NOW)).toBe(
      'expired 2 h ago',
    );
    expect(wordTime({ at: at(-50), form: 'ago' }, NOW)).toBe('2 days ago');
    expect(timedAt('not a time', 'ago')).toBeUndefined();
  });

  it('split into words and times, in order', () => {
    const text = `written ${timedAt(at(-1), 'ago')}, it ${timedAt(
      at(11),
      'expires',
    )}.`;
    expect(splitTimed(text)).toEqual([
      'written ',
      { at: at(-1), form: 'ago' },
      ', it ',
      { at: at(11), form: 'expires' },
      '.',
    ]);
    expect(wordTimed(text, NOW)).toBe('written 1 h ago, it expires in 11 h.');
  });
});

describe('describePullStatusTimed', () => {
  it('is the sentence when worded at its own instant, and ticks when worded later', () => {
    const w = secretWorkload({ secret: regcred(-10) });
    const timed = describePullStatusTimed(w, NOW);
    expect(wordTimed(timed, NOW)).toBe(describePullStatus(w, NOW));
    expect(wordTimed(timed, NOW)).toBe(
      'Pulls use a static secret that expires in 2 h',
    );
    const later = new Date(NOW.getTime() + 3 * HOUR);
    expect(wordTimed(timed, later)).toBe(
      'Pulls use a static secret that expired 1 h ago',
    );
    expect(wordTimed(timed, later)).toBe(describePullStatus(w, later));
  });

  it("times the ages of the findings it quotes: a rotating secret's expired token", () => {
    const expired = createFinding(
      'SECRET_EXPIRED',
      'Secret billing/regcred',
      'the ECR token in regcred expired 2 h ago (written 14 h ago)',
    );
    const w = secretWorkload(
      {
        pullAuth: 'rotating-secret',
        secret: {
          ...regcred(-14),
          refresher: {
            kind: 'CronJob',
            namespace: 'billing',
            name: 'ecr-refresh',
          },
        },
      },
      [expired],
    );
    const stored = describePullStatus(w, NOW);
    expect(stored).toBe(
      'Pulls use a rotating secret, refreshed 14 h ago by CronJob ecr-refresh; the ECR token in regcred expired 2 h ago (written 14 h ago)',
    );
    const timed = describePullStatusTimed(w, NOW);
    expect(wordTimed(timed, NOW)).toBe(stored);
    expect(wordTimed(timed, new Date(NOW.getTime() + 3 * HOUR))).toBe(
      'Pulls use a rotating secret, refreshed 17 h ago by CronJob ecr-refresh; the ECR token in regcred expired 5 h ago (written 17 h ago)',
    );
  });
});

describe('timedFindingMessage', () => {
  const refresher = {
    kind: 'CronJob' as const,
    namespace: 'billing',
    name: 'ecr-refresh',
    lastSuccessAt: at(-20),
  };
  const w = secretWorkload({ secret: { ...regcred(-11), refresher } });

  it.each([
    [
      'SECRET_EXPIRES_SOON',
      'Secret billing/regcred',
      'the ECR token in regcred expires in 1 h and nothing refreshes it',
      'the ECR token in regcred expired 1 h ago and nothing refreshes it',
    ],
    [
      'REFRESHER_FAILING',
      'CronJob billing/ecr-refresh',
      'CronJob billing/ecr-refresh last succeeded 20 h ago',
      'CronJob billing/ecr-refresh last succeeded 22 h ago',
    ],
  ] as const)(
    'words %s by the clock',
    (code, subject, message, twoHoursLater) => {
      const f = createFinding(code, subject, message);
      const timed = timedFindingMessage(f, w);
      expect(timed).not.toBe(message);
      expect(wordTimed(timed, NOW)).toBe(message);
      expect(wordTimed(timed, new Date(NOW.getTime() + 2 * HOUR))).toBe(
        twoHoursLater,
      );
    },
  );

  it('leaves a message whose subject carries no time as written', () => {
    const f = createFinding(
      'SECRET_EXPIRES_SOON',
      'Secret billing/other',
      'the ECR token in other expires in 1 h',
    );
    expect(timedFindingMessage(f, w)).toBe(f.message);
  });
});
