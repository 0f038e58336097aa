import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  paginateListRoles,
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
import { PLATFORM } from '../__fixtures__/provisioningScenario';
import {
  losingIamAnswerTo,
  losingServiceAccountAnswer,
} from '../__testUtils__/lostAnswers';
import { createProvisionIrsaAction } from './provisionIrsa';

const ID = 'ecr-access:irsa:provision';
const CLUSTER = 'prod-use1';
const ROLE_PATH = '/backstage/';

/**
 * Every write `ecr-access:irsa:provision` makes, keyed as the sandbox counts it, with what the
 * error must say when that write fails: the step, and the cleanup. The clean runs below must
 * make no write that is missing here, so a new write cannot go untested.
 */
const WRITES: Record<string, { error: RegExp }> = {
  'iam/CreateRole': {
    error:
      /the IAM role step failed at CreateRole: .*\. Cleanup: nothing to undo, no role was created$/,
  },
  'iam/PutRolePolicy': {
    error:
      /the IAM role step failed at PutRolePolicy: .*\. Cleanup: deleted the incomplete IAM role arn:aws:iam::111122223333:role\/backstage\/irsa-/,
  },
  [`kubernetes:${CLUSTER}/create:serviceaccounts`]: {
    error:
      /the ServiceAccount step failed: Kubernetes API answered 500 to create ServiceAccount .*\. Cleanup: rolled back: deleted IAM role arn:aws:iam::111122223333:role\/backstage\/irsa-.*, which this run had created$/,
  },
  [`kubernetes:${CLUSTER}/patch:serviceaccounts`]: {
    error:
      /the ServiceAccount step failed: Kubernetes API answered 500 to patch ServiceAccount legacy\/legacy-api.*\. Cleanup: rolled back: deleted IAM role arn:aws:iam::111122223333:role\/backstage\/irsa-.*, which this run had created$/,
  },
};

/** `iam/PutRolePolicy` or `kubernetes:prod-use1/create:serviceaccounts` → a rule that fails it. */
function failing(write: string): FaultRule {
  const [, api, cluster, operation] = /^(\w+)(?::([^/]+))?\/(.+)$/.exec(write)!;
  return { api, cluster, operation, error: 'internal' } as FaultRule;
}

/**
 * The two shapes of a run: a new ServiceAccount is created, or an existing one (with its pull
 * secret, as in the migrate-off-pull-secret template) is patched. Each run gets its own role.
 */
const flows = {
  'creates a ServiceAccount': (n: number) => ({
    namespace: 'payments',
    serviceAccountName: `matrix-${n}`,
  }),
  'patches an existing ServiceAccount': (n: number) => ({
    namespace: 'legacy',
    serviceAccountName: 'legacy-api',
    roleName: `legacy-api-${n}`,
  }),
};

// All or nothing, proven over the sandbox (real AWS SDK, real client-node): each write fails in
// turn, and nothing is left behind in IAM or in the cluster.
describe(`${ID}: every write fails in turn`, () => {
  let sandbox: Sandbox;
  let iam: IAMClient;
  let core: CoreV1Api;
  let runs = 0;
  // Each test starts clean; no output, log line, checkpoint value or audit event of any run
  // holds a secret.
  useProvisioningSuite({
    started: (started, platformIam) => {
      [sandbox, iam] = [started, platformIam];
      core = sandboxKubeConfig(sandbox, CLUSTER).makeApiClient(CoreV1Api);
    },
    secretsSaidAtLeast: 1,
  });

  async function run(
    flow: keyof typeof flows,
    dryRun = false,
    extra: Partial<ReturnType<typeof sandboxOptions>> = {},
  ) {
    runs += 1;
    const action = createProvisionIrsaAction(sandboxOptions(sandbox, extra));
    const ctx = mockContext(
      {
        cluster: CLUSTER,
        repositories: ['payments/api'],
        entityRef: 'component:default/matrix',
        ...flows[flow](runs),
      },
      dryRun,
    );
    await action.handler(ctx as any);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  /** What provisioning could leave behind: roles under the path, ServiceAccounts as they are. */
  async function resources() {
    const roles: Record<string, string[]> = {};
    for await (const page of paginateListRoles(
      { client: iam },
      { PathPrefix: ROLE_PATH },
    )) {
      for (const role of page.Roles ?? []) {
        const { PolicyNames } = await iam.send(
          new ListRolePoliciesCommand({ RoleName: role.RoleName }),
        );
        roles[role.RoleName!] = PolicyNames ?? [];
      }
    }
    const serviceAccounts = Object.fromEntries(
      await Promise.all(
        ['payments', 'legacy'].map(async namespace => [
          namespace,
          (
            await core.listNamespacedServiceAccount({ namespace })
          ).items.map(sa => ({
            name: sa.metadata?.name,
            labels: sa.metadata?.labels,
            annotations: sa.metadata?.annotations,
          })),
        ]),
      ),
    );
    return { roles, serviceAccounts };
  }

  async function deleteRoleByHand(roleName: string) {
    await iam
      .send(
        new DeleteRolePolicyCommand({
          RoleName: roleName,
          PolicyName: 'ecr-pull',
        }),
      )
      .catch(() => undefined);
    await iam.send(new DeleteRoleCommand({ RoleName: roleName }));
  }

  it('has a row for every write a clean run makes, and no row that no run makes', async () => {
    const seen = new Set<string>();
    for (const flow of Object.keys(flows) as Array<keyof typeof flows>) {
      sandbox.resetRequestCounts();
      expect(await run(flow)).toMatchObject({ outcome: 'created' });
      Object.keys(writes(sandbox)).forEach(write => seen.add(write));
    }
    expect([...seen].sort()).toEqual(Object.keys(WRITES).sort());
  });

  it.each(Object.keys(flows) as Array<keyof typeof flows>)(
    'a dry run that %s makes zero writes',
    async flow => {
      const before = await resources();
      expect(await run(flow, true)).toMatchObject({
        outcome: 'would-create',
        serviceAccountOutcome:
          flow === 'creates a ServiceAccount' ? 'would-create' : 'would-patch',
      });
      expect(writes(sandbox)).toEqual({});
      expect(await resources()).toEqual(before);
    },
  );

  describe.each(Object.keys(flows) as Array<keyof typeof flows>)(
    'a run that %s',
    flow => {
      const rows = Object.entries(WRITES).filter(
        ([write]) =>
          !write.endsWith(
            flow === 'creates a ServiceAccount'
              ? '/patch:serviceaccounts'
              : '/create:serviceaccounts',
          ),
      );

      it.each(rows)(
        'when %s fails: nothing is left behind, the error names the step and the cleanup, and the run after succeeds',
        async (write, { error }) => {
          const before = await resources();
          await sandbox.setFaults([failing(write)]);
          await expect(run(flow)).rejects.toThrow(
            new RegExp(`^${ID}: ${error.source}`),
          );
          // the fault was hit: the write was really attempted and failed
          expect(sandbox.requestCounts()[write]).toBeGreaterThan(0);
          expect(await resources()).toEqual(before);

          await sandbox.setFaults([]);
          expect(await run(flow)).toMatchObject({
            outcome: 'created',
            serviceAccountOutcome:
              flow === 'creates a ServiceAccount' ? 'created' : 'patched',
          });
        },
      );
    },
  );

  it('when the rollback fails too, the error says both and names the role left behind', async () => {
    await sandbox.setFaults([
      failing(`kubernetes:${CLUSTER}/create:serviceaccounts`),
      failing('iam/DeleteRole'),
    ]);
    const failure = run('creates a ServiceAccount');
    const roleName = `irsa-payments-matrix-${runs}`;
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^${ID}: the ServiceAccount step failed: Kubernetes API answered 500 to create ServiceAccount payments/matrix-${runs} .*\\. Cleanup: ROLLBACK FAILED: IAM role arn:aws:iam::${PLATFORM}:role/backstage/${roleName} was created by this run and could not be deleted \\(.*ServiceFailure.*\\); delete it by hand$`,
      ),
    );
    const left = await resources();
    expect(Object.keys(left.roles)).toContain(roleName);
    expect(
      left.serviceAccounts.payments.map((sa: { name?: string }) => sa.name),
    ).not.toContain(`matrix-${runs}`);
    await sandbox.setFaults([]);
    await deleteRoleByHand(roleName);
    expect(Object.keys((await resources()).roles)).not.toContain(roleName);
  });

  it('when the incomplete role cannot be deleted either, the error says both and names it', async () => {
    await sandbox.setFaults([
      failing('iam/PutRolePolicy'),
      failing('iam/DeleteRole'),
    ]);
    const failure = run('creates a ServiceAccount');
    const roleName = `irsa-payments-matrix-${runs}`;
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^${ID}: the IAM role step failed at PutRolePolicy: .*\\. Cleanup: CLEANUP FAILED: the incomplete IAM role arn:aws:iam::${PLATFORM}:role/backstage/${roleName} could not be deleted \\(.*ServiceFailure.*\\); delete it by hand$`,
      ),
    );
    expect((await resources()).roles[roleName]).toEqual([]);
    await sandbox.setFaults([]);
    await deleteRoleByHand(roleName);
  });

  const losingAnswerTo = (command?: string) =>
    losingIamAnswerTo(sandbox, command);

  it('when CreateRole was done but its answer lost, the run carries on with that role', async () => {
    const before = await resources();
    const { aws, wasLost } = losingAnswerTo();
    const outputs = await run('creates a ServiceAccount', false, { aws });
    expect(wasLost()).toBe(true);
    expect(sandbox.requestCounts()['iam/CreateRole']).toBe(2);
    expect(outputs).toMatchObject({
      outcome: 'created',
      serviceAccountOutcome: 'created',
    });
    const after = await resources();
    expect(after.roles[outputs.roleName]).toEqual(['ecr-pull']);
    expect(Object.keys(after.roles).length).toBe(
      Object.keys(before.roles).length + 1,
    );
  });

  it('when CreateRole was done but its answer lost and the ServiceAccount step fails, nothing is left', async () => {
    const before = await resources();
    const { aws } = losingAnswerTo();
    await sandbox.setFaults([
      failing(`kubernetes:${CLUSTER}/create:serviceaccounts`),
    ]);
    await expect(
      run('creates a ServiceAccount', false, { aws }),
    ).rejects.toThrow(/Cleanup: rolled back: deleted IAM role/);
    expect(await resources()).toEqual(before);
  });

  it("when the rollback's DeleteRole was done but its answer lost, the rollback is reported done", async () => {
    const before = await resources();
    const { aws, wasLost } = losingAnswerTo('DeleteRoleCommand');
    await sandbox.setFaults([
      failing(`kubernetes:${CLUSTER}/create:serviceaccounts`),
    ]);
    await expect(
      run('creates a ServiceAccount', false, { aws }),
    ).rejects.toThrow(
      /Cleanup: rolled back: deleted IAM role .*, which this run had created$/,
    );
    expect(wasLost()).toBe(true);
    expect(await resources()).toEqual(before);
  });

  it.each([
    ['creates a ServiceAccount', 'POST', 'created'],
    ['patches an existing ServiceAccount', 'PATCH', 'patched'],
  ] as const)(
    'a run that %s whose answer is lost finds the write landed, and keeps the role',
    async (flow, method, outcome) => {
      const lossy = await losingServiceAccountAnswer(sandbox, CLUSTER, method);
      try {
        const outputs = await run(flow, false, { clusters: lossy.clusters });
        expect(lossy.wasLost()).toBe(true);
        expect(outputs).toMatchObject({
          outcome: 'created',
          serviceAccountOutcome: outcome,
        });
        const after = await resources();
        expect(after.roles[outputs.roleName]).toEqual(['ecr-pull']);
        const [namespace, name] = outputs.serviceAccount.split('/');
        expect(
          after.serviceAccounts[namespace].find(
            (sa: { name?: string }) => sa.name === name,
          )?.annotations?.['eks.amazonaws.com/role-arn'],
        ).toBe(outputs.roleArn);
      } finally {
        await lossy.close();
      }
    },
  );
});
