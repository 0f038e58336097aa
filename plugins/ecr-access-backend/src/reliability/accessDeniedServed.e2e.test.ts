import { TestDatabases } from '@backstage/backend-test-utils';
import type { Sandbox } from '@ecr-access/sandbox';
import { DEMO_SCENARIO, useSandbox } from '@ecr-access/test-utils';
import { startAuditingBackend } from '../__testUtils__/auditingBackend';

jest.setTimeout(120_000);

// Issue #15: an AWS AccessDenied is worded with the plugin's own principal and the resource,
// both ARNs (and so the account ids). The audit records it; the API serves it as a stable
// code and a message without them, to whoever may read the runs.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const PRINCIPAL =
  'arn:aws:sts::111122223333:assumed-role/backstage-ecr-access/i-0abc';

describe('an AWS AccessDenied in an audit run, as the API serves it', () => {
  let sandbox: Sandbox;
  let plugin: Awaited<ReturnType<typeof startAuditingBackend>>;

  useSandbox({
    scenario: DEMO_SCENARIO,
    started: async running => {
      sandbox = running;
      await sandbox.setFaults([
        // The demo's own (edge-euw1 is down), and IAM refusing GetRole.
        ...sandbox.scenario.faults,
        {
          api: 'iam',
          operation: 'GetRole',
          error: {
            status: 403,
            code: 'AccessDenied',
            message: `User: ${PRINCIPAL} is not authorized to perform: iam:GetRole on resource: arn:aws:iam::111122223333:role/irsa/irsa-payments-api because no identity-based policy allows the iam:GetRole action`,
          },
        },
      ]);
      plugin = await startAuditingBackend({
        sandbox,
        knex: await databases.init('SQLITE_3'),
      });
    },
    stopping: () => plugin?.backend.stop(),
    timeout: 60_000,
  });

  it('has the code FORBIDDEN and neither ARN nor account id', async () => {
    let prod: { errors: Array<{ code: string; message: string }> } | undefined;
    for (let i = 0; i < 200 && !prod; i++) {
      const res = await plugin.get('/audit/runs');
      prod = res.body.items?.find(
        (r: { cluster: string }) => r.cluster === 'prod-use1',
      );
      if (!prod) await new Promise(r => setTimeout(r, 100));
    }
    const denied = prod!.errors.filter(e => /AccessDenied/.test(e.message));
    expect(denied.length).toBeGreaterThan(0);
    for (const error of denied) {
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain('is not authorized to perform');
      expect(error.message).not.toMatch(
        /arn:|111122223333|backstage-ecr-access/,
      );
    }
  });
});
