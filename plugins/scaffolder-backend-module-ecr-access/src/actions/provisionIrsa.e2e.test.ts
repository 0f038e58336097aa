import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CoreV1Api } from '@kubernetes/client-node';
import { sandboxKubeConfig } from '@ecr-access/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { Sandbox } from '@ecr-access/sandbox';
import {
  mockContext,
  sandboxOptions,
  useProvisioningSuite,
  writes,
} from '../__testUtils__/sandbox';
import { PLATFORM, paymentsInput } from '../__fixtures__/provisioningScenario';
import { createProvisionIrsaAction } from './provisionIrsa';

// End to end: real AWS SDK and client-node against the sandbox.
describe('ecr-access:irsa:provision over the sandbox', () => {
  let sandbox: Sandbox;
  let iam: IAMClient;
  // Each test starts clean; no output, log line, checkpoint value or audit event holds a secret.
  useProvisioningSuite({
    started: (started, platformIam) => {
      [sandbox, iam] = [started, platformIam];
    },
  });

  const input = paymentsInput('checkout');

  function core(clusterName: string) {
    return sandboxKubeConfig(sandbox, clusterName).makeApiClient(CoreV1Api);
  }

  async function roleExists(roleName: string) {
    try {
      await iam.send(new GetRoleCommand({ RoleName: roleName }));
      return true;
    } catch (e) {
      if ((e as Error).name === 'NoSuchEntityException') return false;
      throw e;
    }
  }

  async function run(extra: object = {}, dryRun = false, ctxExtra = {}) {
    const action = createProvisionIrsaAction(sandboxOptions(sandbox));
    const ctx = Object.assign(
      mockContext({ ...input, ...extra }, dryRun),
      ctxExtra,
    );
    await action.handler(ctx as any);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it('dry run makes zero writes and reports both steps', async () => {
    expect(await run({}, true)).toMatchObject({
      outcome: 'would-create',
      serviceAccountOutcome: 'would-create',
      roleArn: `arn:aws:iam::${PLATFORM}:role/backstage/irsa-payments-checkout`,
    });
    expect(writes(sandbox)).toEqual({});
  });

  it('creates the role and the ServiceAccount, waiting for IAM to propagate', async () => {
    await sandbox.setIamPropagation(400);
    const outputs = await run();
    expect(outputs).toMatchObject({
      outcome: 'created',
      serviceAccountOutcome: 'created',
      serviceAccount: 'payments/checkout',
    });
    const sa = await core('prod-use1').readNamespacedServiceAccount({
      name: 'checkout',
      namespace: 'payments',
    });
    expect(sa.metadata?.annotations).toEqual({
      'eks.amazonaws.com/role-arn': outputs.roleArn,
      'eks.amazonaws.com/ecr-role-arn': outputs.roleArn,
    });
    expect(sa.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
      'checkout',
    );
  });

  it('never logs or outputs a token', async () => {
    const logger = mockServices.logger.mock();
    const action = createProvisionIrsaAction(sandboxOptions(sandbox));
    const ctx = mockContext(
      { ...input, serviceAccountName: 'quiet' },
      false,
      logger,
    );
    await action.handler(ctx as any);
    const said = JSON.stringify([
      (ctx.output as jest.Mock).mock.calls,
      logger.info.mock.calls,
      logger.warn.mock.calls,
      logger.error.mock.calls,
      logger.debug.mock.calls,
    ]);
    expect(said).toContain('irsa-payments-quiet');
    for (const c of sandbox.clusters) expect(said).not.toContain(c.token);
    expect(said).not.toContain('sandbox'); // the AWS secret access key of the config
  });

  it('a second run makes zero writes', async () => {
    expect(await run()).toMatchObject({
      outcome: 'reused',
      serviceAccountOutcome: 'unchanged',
    });
    expect(writes(sandbox)).toEqual({});
  });

  it('a ServiceAccount failure after the role was created leaves no role behind, and says both', async () => {
    await sandbox.setFaults([
      {
        api: 'kubernetes',
        cluster: 'prod-use1',
        operation: 'create:serviceaccounts',
        error: { status: 403, code: 'Forbidden' },
      },
    ]);
    await expect(run({ serviceAccountName: 'refunds' })).rejects.toThrow(
      /the ServiceAccount step failed: Kubernetes API answered 403 to create ServiceAccount payments\/refunds \(Forbidden: Forbidden\)\. Cleanup: rolled back: deleted IAM role arn:aws:iam::111122223333:role\/backstage\/irsa-payments-refunds/,
    );
    expect(sandbox.requestCounts()).toMatchObject({
      'iam/CreateRole': 1,
      'iam/DeleteRole': 1,
    });
    expect(await roleExists('irsa-payments-refunds')).toBe(false);
  });

  it('keeps a role it reused when the ServiceAccount step fails', async () => {
    await sandbox.setFaults([
      {
        api: 'kubernetes',
        cluster: 'prod-use1',
        operation: 'patch:serviceaccounts',
        error: { status: 403, code: 'Forbidden' },
      },
    ]);
    await expect(run({ kubernetesId: 'checkout-renamed' })).rejects.toThrow(
      /Cleanup: nothing to undo: IAM role .* existed before this run/,
    );
    expect(await roleExists('irsa-payments-checkout')).toBe(true);
  });

  it('a retried task does not redo a finished step, and remakes a role its rollback removed', async () => {
    const checkpoints = new Map<string, unknown>();
    const checkpoint = async ({
      key,
      fn,
    }: {
      key: string;
      fn: () => Promise<unknown>;
    }) => {
      if (!checkpoints.has(key)) checkpoints.set(key, await fn());
      return checkpoints.get(key);
    };
    await sandbox.setFaults([
      {
        api: 'kubernetes',
        cluster: 'prod-use1',
        operation: 'create:serviceaccounts',
        error: { status: 403, code: 'Forbidden' },
        times: 1,
      },
    ]);
    const retry = { serviceAccountName: 'ledger' };
    await expect(run(retry, false, { checkpoint })).rejects.toThrow(
      /rolled back/,
    );
    sandbox.resetRequestCounts();
    expect(await run(retry, false, { checkpoint })).toMatchObject({
      serviceAccountOutcome: 'created',
    });
    expect(await roleExists('irsa-payments-ledger')).toBe(true);
    // third attempt: both steps cached, no write at all
    sandbox.resetRequestCounts();
    await run(retry, false, { checkpoint });
    expect(writes(sandbox)).toEqual({});
  });

  it('retries IAM throttling during creation and succeeds', async () => {
    await sandbox.setFaults([
      { api: 'iam', operation: 'CreateRole', error: 'throttle', times: 2 },
      { api: 'iam', operation: 'GetRole', error: 'throttle', times: 1 },
    ]);
    expect(await run({ serviceAccountName: 'invoices' })).toMatchObject({
      outcome: 'created',
      serviceAccountOutcome: 'created',
    });
  });
});
