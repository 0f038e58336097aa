import { mockCredentials } from '@backstage/backend-test-utils';
import { FaultRule, Sandbox } from '@ecr-access/sandbox';
import { createApplyServiceAccountAction } from '../actions/applyServiceAccount';
import { createIrsaRoleAction } from '../actions/createIrsaRole';
import type { ProvisioningActionOptions } from '../actions/deps';
import { createProvisionIrsaAction } from '../actions/provisionIrsa';
import {
  BOUNDARY,
  PLATFORM,
  paymentsInput,
} from '../__fixtures__/provisioningScenario';
import type { CapturedEvent } from '../__testUtils__/capturedAudit';
import {
  mockContext,
  sandboxOptions,
  useProvisioningSuite,
  writes,
} from '../__testUtils__/sandbox';

const CLUSTER = 'prod-use1';
const PROVISION = 'ecr-access:irsa:provision';

const arnOf = (name: string) =>
  `arn:aws:iam::${PLATFORM}:role/backstage/irsa-${name}`;

/** The sandbox's write operations that each audit event stands for. */
const WRITES_OF_EVENT: Record<string, string[]> = {
  'irsa-role-create': ['iam/CreateRole'],
  'irsa-role-policy-put': ['iam/PutRolePolicy'],
  'irsa-role-delete': ['iam/DeleteRolePolicy', 'iam/DeleteRole'],
  'serviceaccount-create': [`kubernetes:${CLUSTER}/create:serviceaccounts`],
  'serviceaccount-patch': [`kubernetes:${CLUSTER}/patch:serviceaccounts`],
};

const failing = (api: string, operation: string): FaultRule =>
  ({
    api,
    ...(api === 'kubernetes' ? { cluster: CLUSTER } : {}),
    operation,
    error: { status: 403, code: 'AccessDenied', message: 'denied by test' },
  } as FaultRule);

// Auditor events for every write of the provisioning actions, captured over the sandbox: one
// event per create, patch or delete of an IAM role or ServiceAccount, naming the task's
// initiator, the target and the outcome; a dry run's events are marked and write nothing.
describe('the audit events of the provisioning actions', () => {
  let sandbox: Sandbox;
  // No output, log line, checkpoint value or audit event of any run holds a secret.
  useProvisioningSuite({
    started: started => {
      sandbox = started;
    },
    secretsSaidAtLeast: 1,
  });

  /** Runs an action as `user` (by default the mock user); its events, and how it ended. */
  async function run(
    create: (options: ProvisioningActionOptions) => {
      handler(ctx: any): Promise<void>;
    },
    input: Record<string, unknown>,
    opts: { dryRun?: boolean; user?: string } = {},
  ) {
    const options = sandboxOptions(sandbox);
    const ctx = mockContext(input, opts.dryRun);
    if (opts.user) {
      ctx.getInitiatorCredentials = async () =>
        mockCredentials.user(opts.user) as any;
    }
    const error = await create(options)
      .handler(ctx as any)
      .then(
        () => undefined,
        (e: Error) => e,
      );
    return { events: options.auditor.events, error };
  }

  /**
   * No write without its event and no event without its write: the writes the sandbox
   * counted are exactly those the events (dry runs' aside) stand for.
   */
  function expectOneEventPerWrite(events: CapturedEvent[]) {
    const audited = events
      .filter(e => !e.meta.dryRun)
      .flatMap(e => WRITES_OF_EVENT[e.eventId]);
    expect([...new Set(audited)].sort()).toEqual(
      Object.keys(writes(sandbox)).sort(),
    );
  }

  const who = (name = 'user:default/mock', action = PROVISION) => ({
    actor: name,
    action,
    taskId: 'mock-task-id',
    dryRun: false,
  });
  const role = (name: string, entity = name) => ({
    roleArn: arnOf(`payments-${name}`),
    roleName: `irsa-payments-${name}`,
    cluster: CLUSTER,
    entityRef: `component:default/${entity}`,
  });

  it('a new service: the role created with its tags, its policy put, the ServiceAccount created, each naming the initiator', async () => {
    const { events, error } = await run(
      createProvisionIrsaAction,
      paymentsInput('audited'),
      { user: 'user:default/jane' },
    );
    expect(error).toBeUndefined();
    expect(events).toEqual([
      {
        eventId: 'irsa-role-create',
        severityLevel: 'medium',
        meta: {
          ...who('user:default/jane'),
          ...role('audited'),
          path: '/backstage/',
          permissionsBoundaryArn: BOUNDARY,
          tags: {
            'cost-center': 'platform',
            'backstage.io/entity-ref': 'component:default/audited',
            'managed-by': 'backstage-ecr-access',
            'ecr-access.io/created-by-task':
              expect.stringMatching(/^[0-9a-f-]{36}$/),
          },
        },
        outcome: 'success',
      },
      {
        eventId: 'irsa-role-policy-put',
        severityLevel: 'medium',
        meta: {
          ...who('user:default/jane'),
          ...role('audited'),
          policyName: 'ecr-pull',
        },
        outcome: 'success',
      },
      {
        eventId: 'serviceaccount-create',
        severityLevel: 'medium',
        meta: {
          ...who('user:default/jane'),
          cluster: CLUSTER,
          roleArn: arnOf('payments-audited'),
          serviceAccount: 'payments/audited',
        },
        outcome: 'success',
      },
    ]);
    expectOneEventPerWrite(events);
  });

  it('an existing ServiceAccount is patched (serviceaccount-patch); run again, nothing is written and nothing recorded', async () => {
    const input = {
      cluster: CLUSTER,
      namespace: 'legacy',
      serviceAccountName: 'legacy-api',
      repositories: ['payments/api'],
      entityRef: 'component:default/legacy-api',
    };
    const first = await run(createProvisionIrsaAction, input);
    expect(first.error).toBeUndefined();
    expect(first.events.map(e => [e.eventId, e.outcome])).toEqual([
      ['irsa-role-create', 'success'],
      ['irsa-role-policy-put', 'success'],
      ['serviceaccount-patch', 'success'],
    ]);
    expect(first.events[2].meta).toEqual({
      ...who(),
      cluster: CLUSTER,
      roleArn: arnOf('legacy-legacy-api'),
      serviceAccount: 'legacy/legacy-api',
    });
    expectOneEventPerWrite(first.events);

    sandbox.resetRequestCounts();
    const again = await run(createProvisionIrsaAction, input);
    expect(again.error).toBeUndefined();
    expect(again.events).toEqual([]);
    expect(writes(sandbox)).toEqual({});
  });

  it('a dry run records each write it would make, marked dryRun and low severity, and makes none', async () => {
    const { events, error } = await run(
      createProvisionIrsaAction,
      paymentsInput('dry'),
      { dryRun: true },
    );
    expect(error).toBeUndefined();
    expect(events.map(e => [e.eventId, e.severityLevel, e.outcome])).toEqual([
      ['irsa-role-create', 'low', 'success'],
      ['irsa-role-policy-put', 'low', 'success'],
      ['serviceaccount-create', 'low', 'success'],
    ]);
    for (const event of events) {
      expect(event.meta).toMatchObject({ ...who(), dryRun: true });
    }
    expect(writes(sandbox)).toEqual({});
  });

  it('a failed ServiceAccount write is recorded with its error, and so is the rollback that deletes the role', async () => {
    await sandbox.setFaults([failing('kubernetes', 'create:serviceaccounts')]);
    const { events, error } = await run(
      createProvisionIrsaAction,
      paymentsInput('rolled-back'),
    );
    expect(error?.message).toMatch(/Cleanup: rolled back/);
    expect(events.slice(2)).toEqual([
      {
        eventId: 'serviceaccount-create',
        severityLevel: 'medium',
        meta: {
          ...who(),
          cluster: CLUSTER,
          roleArn: arnOf('payments-rolled-back'),
          serviceAccount: 'payments/rolled-back',
        },
        outcome: 'fail',
        error: expect.stringMatching(
          /^Kubernetes API answered 403 to create ServiceAccount payments\/rolled-back/,
        ),
      },
      {
        eventId: 'irsa-role-delete',
        severityLevel: 'medium',
        meta: { ...who(), ...role('rolled-back'), reason: 'rollback' },
        outcome: 'success',
      },
    ]);
    expectOneEventPerWrite(events);
  });

  it('a failed PutRolePolicy is recorded, and so is the deletion of the incomplete role', async () => {
    await sandbox.setFaults([failing('iam', 'PutRolePolicy')]);
    const { events, error } = await run(
      createIrsaRoleAction,
      paymentsInput('incomplete'),
    );
    expect(error?.message).toMatch(/failed at PutRolePolicy/);
    const action = 'ecr-access:irsa:role:create';
    expect(events.map(e => [e.eventId, e.outcome])).toEqual([
      ['irsa-role-create', 'success'],
      ['irsa-role-policy-put', 'fail'],
      ['irsa-role-delete', 'success'],
    ]);
    expect(events[1].error).toMatch(/denied by test/);
    expect(events[2].meta).toEqual({
      ...who(undefined, action),
      ...role('incomplete'),
      reason: 'incomplete',
    });
    expectOneEventPerWrite(events);
  });

  it('a failed CreateRole is recorded as failed; a rollback that fails is recorded as failed', async () => {
    await sandbox.setFaults([failing('iam', 'CreateRole')]);
    const created = await run(createIrsaRoleAction, paymentsInput('denied'));
    expect(created.error?.message).toMatch(/failed at CreateRole/);
    expect(created.events.map(e => [e.eventId, e.outcome])).toEqual([
      ['irsa-role-create', 'fail'],
    ]);
    expect(created.events[0].error).toMatch(/denied by test/);

    await sandbox.setFaults([
      failing('kubernetes', 'create:serviceaccounts'),
      failing('iam', 'DeleteRole'),
    ]);
    sandbox.resetRequestCounts();
    const stuck = await run(createProvisionIrsaAction, paymentsInput('stuck'));
    expect(stuck.error?.message).toMatch(/ROLLBACK FAILED/);
    expect(stuck.events.map(e => [e.eventId, e.outcome])).toEqual([
      ['irsa-role-create', 'success'],
      ['irsa-role-policy-put', 'success'],
      ['serviceaccount-create', 'fail'],
      ['irsa-role-delete', 'fail'],
    ]);
    expectOneEventPerWrite(stuck.events);
  });

  it('serviceaccount:apply names the initiator and its own action; a service principal is named by its subject', async () => {
    const { events, error } = await run(createApplyServiceAccountAction, {
      cluster: CLUSTER,
      namespace: 'payments',
      serviceAccountName: 'applied',
      roleArn: arnOf('payments-applied'),
    });
    expect(error).toBeUndefined();
    expect(events).toEqual([
      {
        eventId: 'serviceaccount-create',
        severityLevel: 'medium',
        meta: {
          ...who(undefined, 'ecr-access:serviceaccount:apply'),
          cluster: CLUSTER,
          roleArn: arnOf('payments-applied'),
          serviceAccount: 'payments/applied',
        },
        outcome: 'success',
      },
    ]);

    const options = sandboxOptions(sandbox);
    const ctx = mockContext(paymentsInput('by-service'));
    ctx.getInitiatorCredentials = async () =>
      mockCredentials.service('plugin:catalog') as any;
    await createProvisionIrsaAction(options).handler(ctx as any);
    expect(new Set(options.auditor.events.map(e => e.meta.actor))).toEqual(
      new Set(['plugin:catalog']),
    );
  });
});
