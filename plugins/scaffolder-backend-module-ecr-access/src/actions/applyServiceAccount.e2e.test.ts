import { CoreV1Api } from '@kubernetes/client-node';
import { sandboxKubeConfig } from '@ecr-access/test-utils';
import { Sandbox } from '@ecr-access/sandbox';
import {
  mockContext,
  sandboxOptions,
  useProvisioningSandbox,
  writes,
} from '../__testUtils__/sandbox';
import { PLATFORM } from '../__fixtures__/provisioningScenario';
import { losingServiceAccountAnswer } from '../__testUtils__/lostAnswers';
import { expectNothingSecretSaid } from '@ecr-access/test-utils';
import { createApplyServiceAccountAction } from './applyServiceAccount';

// End to end: real client-node against the sandbox's simulated API servers.
describe('ecr-access:serviceaccount:apply over the sandbox', () => {
  let sandbox: Sandbox;
  const roleArn = `arn:aws:iam::${PLATFORM}:role/backstage/irsa-payments-payments-api`;

  useProvisioningSandbox(started => {
    sandbox = started;
  });
  // No output, log line, checkpoint value or audit event holds a secret.
  afterEach(() => expectNothingSecretSaid(sandbox));
  beforeEach(async () => {
    await sandbox.setFaults([]);
    sandbox.resetRequestCounts();
  });

  function core(clusterName: string) {
    return sandboxKubeConfig(sandbox, clusterName).makeApiClient(CoreV1Api);
  }

  async function run(
    input: object,
    dryRun = false,
    extra: Partial<ReturnType<typeof sandboxOptions>> = {},
  ) {
    const action = createApplyServiceAccountAction(
      sandboxOptions(sandbox, extra),
    );
    const ctx = mockContext(
      {
        cluster: 'prod-use1',
        namespace: 'payments',
        serviceAccountName: 'payments-api',
        roleArn,
        entityRef: 'component:default/payments-api',
        ...input,
      },
      dryRun,
    );
    await action.handler(ctx as any);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it('dry run makes zero writes', async () => {
    expect(await run({}, true)).toMatchObject({
      serviceAccountOutcome: 'would-create',
    });
    expect(writes(sandbox)).toEqual({});
  });

  it('creates the ServiceAccount with role-arn and ecr-role-arn on a service-account-token cluster', async () => {
    expect(await run({})).toEqual({
      serviceAccount: 'payments/payments-api',
      serviceAccountOutcome: 'created',
      annotations: {
        'eks.amazonaws.com/role-arn': roleArn,
        'eks.amazonaws.com/ecr-role-arn': roleArn,
      },
    });
    const sa = await core('prod-use1').readNamespacedServiceAccount({
      name: 'payments-api',
      namespace: 'payments',
    });
    expect(sa.metadata?.labels).toEqual({
      'backstage.io/kubernetes-id': 'payments-api',
    });
    expect(sa.metadata?.annotations).toEqual({
      'eks.amazonaws.com/role-arn': roleArn,
      'eks.amazonaws.com/ecr-role-arn': roleArn,
    });
  });

  it('a second run makes zero writes', async () => {
    expect(await run({})).toMatchObject({ serviceAccountOutcome: 'unchanged' });
    expect(writes(sandbox)).toEqual({});
  });

  it('writes role-arn only on a node-role cluster', async () => {
    const outputs = await run({ cluster: 'shared-usw2' });
    expect(outputs.annotations).toEqual({
      'eks.amazonaws.com/role-arn': roleArn,
    });
  });

  it('merge-patches an existing ServiceAccount, keeping its other annotations and pull secrets', async () => {
    const outputs = await run({
      namespace: 'legacy',
      serviceAccountName: 'legacy-api',
      entityRef: 'component:default/legacy-api',
    });
    expect(outputs.serviceAccountOutcome).toBe('patched');
    const sa = await core('prod-use1').readNamespacedServiceAccount({
      name: 'legacy-api',
      namespace: 'legacy',
    });
    expect(sa.metadata?.annotations).toEqual({
      'example.com/owner': 'legacy-team',
      'eks.amazonaws.com/role-arn': roleArn,
      'eks.amazonaws.com/ecr-role-arn': roleArn,
    });
    expect(sa.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(sandbox.requestCounts()).toMatchObject({
      'kubernetes:prod-use1/patch:serviceaccounts': 1,
    });
  });

  it('refuses a Helm-managed ServiceAccount unless adopt is set', async () => {
    const input = { namespace: 'charts', serviceAccountName: 'chart-sa' };
    await expect(run(input)).rejects.toThrow(
      /serviceAccountName: ServiceAccount charts\/chart-sa is managed by Helm.*adopt: true/,
    );
    expect(writes(sandbox)).toEqual({});
    expect(await run({ ...input, adopt: true })).toMatchObject({
      serviceAccountOutcome: 'patched',
    });
  });

  it('retries an API server that throttles', async () => {
    await sandbox.setFaults([
      {
        api: 'kubernetes',
        cluster: 'prod-use1',
        operation: 'create:serviceaccounts',
        error: 'throttle',
        times: 2,
      },
    ]);
    expect(await run({ serviceAccountName: 'payments-worker' })).toMatchObject({
      serviceAccountOutcome: 'created',
    });
    expect(sandbox.requestCounts()).toMatchObject({
      'kubernetes:prod-use1/create:serviceaccounts': 3,
    });
  });

  it('when a patch may have landed but cannot be read back, says the state is unknown and what to check', async () => {
    // The patch reaches the API server, its answer is lost, and the network stays down.
    const lossy = await losingServiceAccountAnswer(
      sandbox,
      'prod-use1',
      'PATCH',
      { thenDown: true },
    );
    const input = {
      namespace: 'legacy',
      serviceAccountName: 'legacy-api',
      roleArn: `${roleArn}-unknown`,
    };
    try {
      await expect(
        run(input, false, { clusters: lossy.clusters }),
      ).rejects.toThrow(
        new RegExp(
          `^the state of ServiceAccount legacy/legacy-api is unknown: the write failed \\(.*socket hang up\\) and may have landed, and reading it back failed too \\(.*\\)\\. Once the cluster answers, check whether it carries eks\\.amazonaws\\.com/role-arn=${roleArn}-unknown, eks\\.amazonaws\\.com/ecr-role-arn=${roleArn}-unknown; running the step again is safe`,
        ),
      );
      expect(lossy.wasLost()).toBe(true);
    } finally {
      await lossy.close();
    }
    // It had landed; running again, as the error says, finds it done.
    expect(await run(input)).toMatchObject({
      serviceAccountOutcome: 'unchanged',
    });
  });

  it('refuses a cluster that is not configured, naming the field', async () => {
    await expect(run({ cluster: 'nowhere' })).rejects.toThrow(
      /^cluster: 'nowhere' is not configured in ecrAccess.clusters \(configured: prod-use1, shared-usw2, data-use1\)/,
    );
  });
});
