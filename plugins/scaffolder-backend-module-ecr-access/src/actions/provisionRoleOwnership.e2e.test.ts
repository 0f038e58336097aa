import {
  GetRoleCommand,
  IAMClient,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { CoreV1Api } from '@kubernetes/client-node';
import { sandboxKubeConfig } from '@ecr-access/test-utils';
import { FaultRule, Sandbox } from '@ecr-access/sandbox';
import {
  mockContext,
  sandboxOptions,
  useProvisioningSuite,
  writes,
} from '../__testUtils__/sandbox';
import { PLATFORM, paymentsInput } from '../__fixtures__/provisioningScenario';
import {
  awsWithIamClient,
  losingServiceAccountAnswer,
} from '../__testUtils__/lostAnswers';
import { createProvisionIrsaAction } from './provisionIrsa';

const ID = 'ecr-access:irsa:provision';
const CLUSTER = 'prod-use1';

/** A Kubernetes answer that is not retried, so a failing ServiceAccount step fails at once. */
const forbidden = (operation: string): FaultRule =>
  ({
    api: 'kubernetes',
    cluster: CLUSTER,
    operation,
    error: { status: 403, code: 'Forbidden', message: 'forbidden by test' },
  } as FaultRule);

const arnOf = (serviceAccountName: string) =>
  `arn:aws:iam::${PLATFORM}:role/backstage/irsa-payments-${serviceAccountName}`;

// Which role a run may delete when it rolls back: only one it really created. Over the sandbox
// (real AWS SDK, real client-node), with the races and lost answers that make it hard.
describe(`${ID}: a rollback deletes only what this task created`, () => {
  let sandbox: Sandbox;
  let iam: IAMClient;
  let core: CoreV1Api;
  // Each test starts clean; no output, log line, checkpoint value or audit event of any run
  // holds a secret.
  useProvisioningSuite({
    started: (started, platformIam) => {
      [sandbox, iam] = [started, platformIam];
      core = sandboxKubeConfig(sandbox, CLUSTER).makeApiClient(CoreV1Api);
    },
    secretsSaidAtLeast: 1,
  });

  const outputsOf = (ctx: ReturnType<typeof mockContext>) =>
    Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );

  /** One task running the action; `ctx` stands for an earlier attempt's context, if any. */
  async function provision(
    input: Record<string, unknown>,
    extra: Partial<ReturnType<typeof sandboxOptions>> = {},
    ctx = mockContext(input),
  ) {
    const action = createProvisionIrsaAction(sandboxOptions(sandbox, extra));
    await action.handler(ctx as any);
    return outputsOf(ctx);
  }

  /** The role's inline policies, or undefined when IAM holds no role of that name. */
  async function policiesOf(serviceAccountName: string) {
    const RoleName = `irsa-payments-${serviceAccountName}`;
    const exists = await iam
      .send(new GetRoleCommand({ RoleName }))
      .then(() => true)
      .catch(() => false);
    if (!exists) return undefined;
    return (await iam.send(new ListRolePoliciesCommand({ RoleName })))
      .PolicyNames;
  }

  const roleArnAnnotationOf = async (name: string) =>
    (await core.readNamespacedServiceAccount({ namespace: 'payments', name }))
      .metadata?.annotations?.['eks.amazonaws.com/role-arn'];

  it('a task that meets the role another task of the same template just created reuses it, and its rollback leaves it to that task', async () => {
    // A double submit: both tasks ask for the same role. Task B reads (absent), then task A
    // runs to the end, then B's CreateRole answers EntityAlreadyExists, then B's ServiceAccount
    // step fails. A's role, which A's ServiceAccount points at, must survive B's rollback.
    const input = paymentsInput('double-submit');
    let first: Record<string, unknown> | undefined;
    const aws = awsWithIamClient(sandbox, client =>
      client.middlewareStack.add(
        (next, context) => async args => {
          if (context.commandName === 'CreateRoleCommand' && !first) {
            first = await provision(input);
            await sandbox.setFaults([forbidden('get:serviceaccounts')]);
          }
          return next(args);
        },
        { step: 'initialize', name: 'otherTaskFirst' },
      ),
    );

    await expect(provision(input, { aws })).rejects.toThrow(
      new RegExp(
        `^${ID}: the ServiceAccount step failed: .*\\. Cleanup: nothing to undo: IAM role ${arnOf(
          'double-submit',
        )} existed before this run and was left as it was$`,
      ),
    );
    expect(first).toMatchObject({
      outcome: 'created',
      serviceAccountOutcome: 'created',
    });
    // both tasks called CreateRole (B's met A's role), neither deleted anything
    expect(sandbox.requestCounts()['iam/CreateRole']).toBe(2);
    expect(sandbox.requestCounts()['iam/DeleteRole']).toBeUndefined();
    await sandbox.setFaults([]);
    expect(await policiesOf('double-submit')).toEqual(['ecr-pull']);
    expect(await roleArnAnnotationOf('double-submit')).toBe(
      arnOf('double-submit'),
    );
  });

  it('a retried task still owns the role its earlier attempt created, and rolls it back when the ServiceAccount step fails', async () => {
    // The task's checkpoints as the scaffolder keeps them between attempts; the first attempt
    // stops right after the role step, before that step's checkpoint is recorded.
    const input = paymentsInput('retried');
    const recorded = new Map<string, unknown>();
    const attempt = (stopAfter?: string) => {
      const ctx = mockContext(input);
      const keep = ctx.checkpoint.bind(ctx);
      return Object.assign(ctx, {
        async checkpoint<T>(opts: { key: string; fn: () => Promise<T> }) {
          if (recorded.has(opts.key)) return recorded.get(opts.key) as T;
          const value = await keep(opts);
          if (stopAfter && opts.key.startsWith(stopAfter)) {
            throw new Error('the task stopped before recording the step');
          }
          recorded.set(opts.key, value);
          return value;
        },
      });
    };

    await expect(provision(input, {}, attempt('irsa-role.'))).rejects.toThrow(
      'the task stopped',
    );
    expect(await policiesOf('retried')).toEqual(['ecr-pull']);

    await sandbox.setFaults([forbidden('create:serviceaccounts')]);
    await expect(provision(input, {}, attempt())).rejects.toThrow(
      new RegExp(
        `^${ID}: the ServiceAccount step failed: .*\\. Cleanup: rolled back: deleted IAM role ${arnOf(
          'retried',
        )}, which this run had created$`,
      ),
    );
    expect(await policiesOf('retried')).toBeUndefined();
  });

  it("a role another task left without its policy is not this task's to complete: refused, untouched, with what to do", async () => {
    // Task A's PutRolePolicy fails and so does the deletion of its half-made role: the role
    // is left as CreateRole made it, tagged with A's token. Task B (another token) must not
    // complete or delete it: A may still be running, or was stopped without task recovery.
    const input = paymentsInput('left-incomplete');
    await sandbox.setFaults([
      { api: 'iam', operation: 'PutRolePolicy', error: 'internal' },
      { api: 'iam', operation: 'DeleteRole', error: 'internal' },
    ] as FaultRule[]);
    await expect(provision(input)).rejects.toThrow(/CLEANUP FAILED/);
    await sandbox.setFaults([]);
    expect(await policiesOf('left-incomplete')).toEqual([]);

    sandbox.resetRequestCounts();
    await expect(provision(input)).rejects.toThrow(
      `roleName: IAM role ${arnOf(
        'left-incomplete',
      )} was created by ecr-access but differs from what this template asks for (inline policies are [], not [ecr-pull]); it is left untouched. It holds no policy: another task created it and has not finished, or was stopped half-way without task recovery; if no task is running, delete it and run again`,
    );
    expect(writes(sandbox)).toEqual({});
    expect(await policiesOf('left-incomplete')).toEqual([]);
  });

  it('when the ServiceAccount write may have landed but cannot be read back, the role is kept and the error says the state is unknown', async () => {
    // The create reaches the API server, its answer is lost, and the network stays down for
    // the read-back: the ServiceAccount may point at the role, so the role must not go.
    const lossy = await losingServiceAccountAnswer(sandbox, CLUSTER, 'POST', {
      thenDown: true,
    });
    const input = paymentsInput('unknown-state');
    const roleArn = arnOf('unknown-state');
    try {
      await expect(
        provision(input, { clusters: lossy.clusters }),
      ).rejects.toThrow(
        new RegExp(
          `^${ID}: the ServiceAccount step failed: the state of ServiceAccount payments/unknown-state is unknown: .*reading it back failed too .*Cleanup: none: IAM role ${roleArn}, which this run created, was kept because ServiceAccount payments/unknown-state may already point at it\\. Run the template again once the cluster answers`,
        ),
      );
      expect(lossy.wasLost()).toBe(true);
    } finally {
      await lossy.close();
    }
    expect(sandbox.requestCounts()['iam/DeleteRole']).toBeUndefined();
    expect(await policiesOf('unknown-state')).toEqual(['ecr-pull']);
    // The write had landed: deleting the role would have broken this ServiceAccount.
    expect(await roleArnAnnotationOf('unknown-state')).toBe(roleArn);

    // What the error advises works: run again, and it finishes with no write.
    sandbox.resetRequestCounts();
    expect(await provision(input)).toMatchObject({
      roleArn,
      outcome: 'reused',
      serviceAccountOutcome: 'unchanged',
    });
  });
});
