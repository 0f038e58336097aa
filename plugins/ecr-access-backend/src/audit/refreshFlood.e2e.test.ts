import { TestDatabases } from '@backstage/backend-test-utils';
import type { Sandbox } from '@ecr-access/sandbox';
import { DEMO_SCENARIO, useSandbox } from '@ecr-access/test-utils';
import { startAuditingBackend } from '../__testUtils__/auditingBackend';
import { sum } from '../__testUtils__/faultMatrix';

jest.setTimeout(120_000);

// Issue #15: twenty parallel refreshes of one entity made about 1,100 upstream requests.
// Over HTTP, the plugin as installed, the demo's clusters and AWS: concurrent refreshes of an
// entity share one check, and the rate limits stop a caller that keeps asking.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const PAYMENTS = '/entities/component/default/payments-api/refresh';

describe('POST …/refresh, many at once', () => {
  let sandbox: Sandbox;
  let plugin: Awaited<ReturnType<typeof startAuditingBackend>>;

  useSandbox({
    scenario: DEMO_SCENARIO,
    started: async running => {
      sandbox = running;
      plugin = await startAuditingBackend({
        sandbox,
        knex: await databases.init('SQLITE_3'),
        auditAtStartUp: false,
        // High enough that every one of the twenty reaches the refresher.
        ecrAccess: { refresh: { perCallerPerMinute: 100, perMinute: 100 } },
      });
    },
    stopping: () => plugin?.backend.stop(),
    timeout: 60_000,
  });

  /** Upstream requests (Kubernetes and AWS) made while `fn` runs. */
  async function upstream(fn: () => Promise<unknown>) {
    sandbox.resetRequestCounts();
    await fn();
    return sum(sandbox.requestCounts());
  }

  it('20 parallel refreshes of one entity cost at most the upstream requests of two', async () => {
    const one = await upstream(async () => {
      expect((await plugin.post(PAYMENTS)).status).toBe(200);
    });
    expect(one).toBeGreaterThan(0);
    const statuses: number[] = [];
    const twenty = await upstream(async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => plugin.post(PAYMENTS)),
      );
      statuses.push(...answers.map(a => a.status));
    });
    expect(statuses).toEqual(Array(20).fill(200));
    expect(twenty).toBeLessThanOrEqual(2 * one);
  });
});
