import { TestDatabases } from '@backstage/backend-test-utils';
import { sum, useFaultMatrix } from '../__testUtils__/faultMatrix';

// The audit's IAM clients retry in adaptive mode, whose client-side rate limiter slows right
// down under a throttle rate that does not ease as it slows (30 % of requests, whatever the
// rate): about 50 s per engine here. What is asserted is what is stored, not how fast.
jest.setTimeout(180_000);

// Issue 9, fault matrix, the 30 % IAM Throttling row (the other rows are in
// faultMatrix.e2e.test.ts; this one has a file of its own because the SDK's backoff on
// throttling, 500 ms base, makes it the slowest), with the same set-up and the same checks
// (__testUtils__/faultMatrix.ts), on each database engine.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'fault matrix, IAM throttling (%s)',
  databaseId => {
    const m = useFaultMatrix(() => databases.init(databaseId));

    it('30 % IAM Throttling: the SDK retries, nothing lost', async () => {
      m.resetDraws();
      const outcome = await m.audit([
        { api: 'iam', error: 'throttle', errorRate: 0.3 },
      ]);
      const total = m.expectSurvived(outcome);
      expect(m.changedSinceClean(outcome)).toEqual([]);
      expect(outcome.runs.flatMap(r => r.errors)).toEqual([]);
      // Retries happened: more IAM requests than the clean audit, within the overall bound.
      expect(sum(outcome.requests, 'iam/')).toBeGreaterThan(
        sum(m.clean.requests, 'iam/'),
      );
      expect(total).toBeLessThanOrEqual(2 * sum(m.clean.requests));
    });
  },
);
