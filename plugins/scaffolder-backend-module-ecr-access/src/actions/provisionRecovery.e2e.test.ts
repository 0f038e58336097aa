import {
  IAMClient,
  ListRolePoliciesCommand,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { TestDatabases } from '@backstage/backend-test-utils';
import { CoreV1Api } from '@kubernetes/client-node';
import { FaultRule, Sandbox } from '@ecr-access/sandbox';
import { expectNoSecrets, sandboxKubeConfig } from '@ecr-access/test-utils';
import { PLATFORM } from '../__fixtures__/provisioningScenario';
import { CrashPoint } from '../__testUtils__/crashPoints';
import {
  ScaffolderChild,
  TaskRecord,
  finishedTask,
  forkScaffolder,
  startProvisionTask,
} from '../__testUtils__/scaffolderChild';
import { sandboxConfig, useProvisioningSuite } from '../__testUtils__/sandbox';

// Issue 17, recoverable scaffolder tasks. A scaffolder backend in a child process runs the
// template step `ecr-access:irsa:provision` over the sandbox and is killed (SIGKILL) at each
// point of the task in turn; a fresh backend process is then started on the same PostgreSQL
// database with `scaffolder.taskRecovery.enabled`, whose task worker finds the task stale and
// runs it again from its stored checkpoints. The end state must be exactly one role and one
// ServiceAccount (resumed) or neither (rolled back), with no write made twice.
// PostgreSQL only: a database that outlives the process is what recovery needs.
jest.setTimeout(120_000);

const PG = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const CLUSTER = 'prod-use1';
// The stale timeout is above the scaffolder's 1 s heartbeat; its recovery loop runs every 10 s
// (TaskWorker, not configurable), so a restarted backend takes the task up within about 13 s.
const TASK_RECOVERY = { enabled: true, staleTimeout: { seconds: 3 } };
const RECOVERED_WITHIN_MS = 60_000;

const arnOf = (name: string) =>
  `arn:aws:iam::${PLATFORM}:role/backstage/irsa-payments-${name}`;

/** The cluster refuses to create ServiceAccounts (not retried): the step fails at once. */
const refusingServiceAccounts: FaultRule = {
  api: 'kubernetes',
  cluster: CLUSTER,
  operation: 'create:serviceaccounts',
  error: { status: 403, code: 'Forbidden', message: 'forbidden by test' },
} as FaultRule;

describe('ecr-access:irsa:provision killed in the middle, then recovered by a restarted backend', () => {
  let sandbox: Sandbox;
  let iam: IAMClient;
  let core: CoreV1Api;
  // Each test starts with no faults and the request counts at zero.
  useProvisioningSuite({
    started: (started, platformIam) => {
      [sandbox, iam] = [started, platformIam];
      core = sandboxKubeConfig(sandbox, CLUSTER).makeApiClient(CoreV1Api);
    },
  });
  const children: ScaffolderChild[] = [];
  afterEach(() => Promise.all(children.splice(0).map(c => c.stop())));

  /** The app-config of both backend processes: a database of its own for each test. */
  async function backendConfig() {
    const knex = await databases.init('POSTGRES_15');
    const { database } = knex.client.config.connection as { database: string };
    return {
      ...(sandboxConfig(sandbox).get() as Record<string, unknown>),
      backend: {
        database: {
          client: 'pg',
          connection: process.env[PG]!,
          plugin: { scaffolder: { connection: { database } } },
        },
      },
      scaffolder: { taskRecovery: TASK_RECOVERY },
    };
  }

  /**
   * Starts the task on a backend that dies at `point`, then (after `meanwhile`) a fresh
   * backend on the same database; the task as that backend finishes it.
   */
  async function killAndRecover(
    point: CrashPoint,
    name: string,
    meanwhile?: () => Promise<void>,
  ): Promise<TaskRecord> {
    const config = await backendConfig();
    const first = await forkScaffolder({ config, crashAt: point });
    children.push(first);
    const id = await startProvisionTask(first.baseUrl, name);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(first.crashedAt()).toBe(point);
    await meanwhile?.();
    const second = await forkScaffolder({ config });
    children.push(second);
    const task = await finishedTask(second.baseUrl, id, RECOVERED_WITHIN_MS);
    expect(task.events.map(e => e.type)).toContain('recovered');
    expectNoSecrets(sandbox, { 'the task and its events': task });
    return task;
  }

  /** What the task left: the roles of its ServiceAccount under the path, and the ServiceAccount. */
  async function leftBehind(name: string) {
    const roles: Record<string, string[]> = {};
    for await (const page of paginateListRoles(
      { client: iam },
      { PathPrefix: '/backstage/' },
    )) {
      for (const role of page.Roles ?? []) {
        if (!role.RoleName!.startsWith(`irsa-payments-${name}`)) continue;
        const { PolicyNames } = await iam.send(
          new ListRolePoliciesCommand({ RoleName: role.RoleName }),
        );
        roles[role.RoleName!] = PolicyNames ?? [];
      }
    }
    const serviceAccounts = (
      await core.listNamespacedServiceAccount({ namespace: 'payments' })
    ).items
      .filter(sa => sa.metadata?.name === name)
      .map(sa => ({
        name: sa.metadata?.name,
        roleArn: sa.metadata?.annotations?.['eks.amazonaws.com/role-arn'],
      }));
    return { roles, serviceAccounts };
  }

  const counts = () => {
    const all = sandbox.requestCounts();
    return {
      CreateRole: all['iam/CreateRole'] ?? 0,
      PutRolePolicy: all['iam/PutRolePolicy'] ?? 0,
      DeleteRole: all['iam/DeleteRole'] ?? 0,
      createServiceAccount:
        all[`kubernetes:${CLUSTER}/create:serviceaccounts`] ?? 0,
    };
  };
  const outputOf = (task: TaskRecord) =>
    task.events.find(e => e.type === 'completion')?.body.output;

  const resumedAt: Array<[CrashPoint, string]> = [
    ['before CreateRole', 'created'],
    ['after CreateRole', 'created'],
    ['after PutRolePolicy', 'created'],
    ['after the role checkpoint', 'created'],
    // The killed attempt's write landed; the resumed one finds it done.
    ['after the ServiceAccount create', 'unchanged'],
    ['after the ServiceAccount checkpoint', 'created'],
    ['after the step completed', 'created'],
  ];

  it.each(resumedAt)(
    'killed %s: resumed, one role and one ServiceAccount, each written once',
    async (point, serviceAccountOutcome) => {
      const name = `resumed-${resumedAt.findIndex(([p]) => p === point)}`;
      const task = await killAndRecover(point, name);

      expect(task.status).toBe('completed');
      expect(outputOf(task)).toEqual({
        roleArn: arnOf(name),
        outcome: 'created',
        serviceAccountOutcome,
      });
      expect(await leftBehind(name)).toEqual({
        roles: { [`irsa-payments-${name}`]: ['ecr-pull'] },
        serviceAccounts: [{ name, roleArn: arnOf(name) }],
      });
      // Across both processes: no write made twice, nothing deleted.
      expect(counts()).toEqual({
        CreateRole: 1,
        PutRolePolicy: 1,
        DeleteRole: 0,
        createServiceAccount: 1,
      });
    },
  );

  it('killed in the middle of a rollback, the cluster back after the restart: the half-deleted role is completed and the task resumed', async () => {
    // The first process created the role, was refused the ServiceAccount and was rolling the
    // role back (its policy deleted, the role not yet) when it died; the recorded role step
    // must not be trusted as it is.
    await sandbox.setFaults([refusingServiceAccounts]);
    const name = 'rollback-interrupted';
    const task = await killAndRecover(
      'after the rollback DeleteRolePolicy',
      name,
      () => sandbox.setFaults([]),
    );

    expect(task.status).toBe('completed');
    expect(outputOf(task)).toEqual({
      roleArn: arnOf(name),
      outcome: 'created',
      serviceAccountOutcome: 'created',
    });
    expect(await leftBehind(name)).toEqual({
      roles: { [`irsa-payments-${name}`]: ['ecr-pull'] },
      serviceAccounts: [{ name, roleArn: arnOf(name) }],
    });
    expect(counts()).toEqual({
      CreateRole: 1,
      // the policy put again on the half-deleted role
      PutRolePolicy: 2,
      DeleteRole: 0,
      // refused before the kill, made after the restart
      createServiceAccount: 2,
    });
  });

  const rolledBackAt: Array<[CrashPoint, string]> = [
    ['after CreateRole', 'restart'],
    ['after the role checkpoint', 'restart'],
    ['after the rollback DeleteRolePolicy', 'start'],
  ];

  it.each(rolledBackAt)(
    'killed %s, the ServiceAccount refused from the %s on: rolled back, no role and no ServiceAccount',
    async (point, refusedFrom) => {
      const name = `rolled-back-${rolledBackAt.findIndex(
        ([p]) => p === point,
      )}`;
      const refuse = () => sandbox.setFaults([refusingServiceAccounts]);
      if (refusedFrom === 'start') await refuse();
      const task = await killAndRecover(point, name, refuse);

      expect(task.status).toBe('failed');
      const failure = task.events.find(e => e.type === 'completion')?.body;
      expect(failure?.error?.message).toMatch(
        new RegExp(
          `the ServiceAccount step failed: .*\\. Cleanup: rolled back: deleted IAM role ${arnOf(
            name,
          )}, which this run had created$`,
        ),
      );
      expect(await leftBehind(name)).toEqual({
        roles: {},
        serviceAccounts: [],
      });
      expect(counts().CreateRole).toBe(1);
    },
  );
});
