import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import {
  ENTITY_MAPPING_SCENARIO,
  entityMappingEntities,
} from './__fixtures__/entityMappingScenario';

jest.setTimeout(120_000);

// Over HTTP, the plugin as installed, the real collectors over the sandbox: an entity's
// workloads are those Backstage's Kubernetes tab shows (its label selector over its id; a
// workload's own labels or its pods'), in the scheduled audit and in the on-demand refresh.
describe("an entity's workloads, as the Kubernetes plugin finds them", () => {
  const audited = useAuditedSandbox({
    scenario: ENTITY_MAPPING_SCENARIO,
    entities: entityMappingEntities(),
  });

  type Status = {
    health: string;
    checkedAt: string;
    workloads: Array<{
      kind: string;
      namespace: string;
      name: string;
      health: string;
    }>;
  };

  const verdict = (body: Status) => ({
    health: body.health,
    workloads: body.workloads
      .map(w => `${w.kind} ${w.namespace}/${w.name} ${w.health}`)
      .sort(),
  });

  async function status(name: string): Promise<Status> {
    const res = await audited.plugin.get(
      `/entities/component/default/${name}/status`,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  const EXPECTED: Record<string, { health: string; workloads: string[] }> = {
    orders: {
      health: 'error',
      workloads: ['Deployment orders/orders-api error'],
    },
    payments: {
      health: 'ok',
      workloads: ['Deployment payments/payments-api ok'],
    },
    tplonly: {
      health: 'error',
      workloads: [
        'Deployment tplonly/web ok',
        'Deployment tplonly/worker error',
        'StatefulSet tplonly/cache ok',
      ],
    },
    docs: { health: 'error', workloads: ['Deployment docs/docs error'] },
    nightly: { health: 'error', workloads: ['CronJob batch/nightly error'] },
  };

  it.each(Object.keys(EXPECTED))('the scheduled audit: %s', async name => {
    expect(verdict(await status(name))).toEqual(EXPECTED[name]);
  });

  it.each(Object.keys(EXPECTED))(
    'POST refresh keeps what the audit found: %s',
    async name => {
      const audit = await status(name);
      const refreshed = await audited.plugin.post(
        `/entities/component/default/${name}/refresh`,
      );
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.unreachableClusters).toEqual([]);
      // Written by the refresh, not left from the audit.
      expect(Date.parse(refreshed.body.checkedAt)).toBeGreaterThan(
        Date.parse(audit.checkedAt),
      );
      expect(verdict(refreshed.body)).toEqual(EXPECTED[name]);
      expect(verdict(await status(name))).toEqual(EXPECTED[name]);
    },
  );
});
