import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ecrAccessProvisionPermission } from '@ecr-access/plugin-ecr-access-common';
import { Sandbox } from '@ecr-access/sandbox';
import {
  fakePermissions,
  mockContext,
  sandboxOptions,
  useProvisioningSandbox,
} from '../__testUtils__/sandbox';
import { PLATFORM } from '../__fixtures__/provisioningScenario';
import { expectNothingSecretSaid } from '@ecr-access/test-utils';
import { createApplyServiceAccountAction } from './applyServiceAccount';
import { createIrsaRoleAction } from './createIrsaRole';
import { createProvisionIrsaAction } from './provisionIrsa';

const roleInput = {
  cluster: 'prod-use1',
  namespace: 'payments',
  serviceAccountName: 'denied-api',
  repositories: ['payments/api'],
  entityRef: 'component:default/denied-api',
};

const actions = [
  ['ecr-access:irsa:role:create', createIrsaRoleAction, roleInput],
  ['ecr-access:irsa:provision', createProvisionIrsaAction, roleInput],
  [
    'ecr-access:serviceaccount:apply',
    createApplyServiceAccountAction,
    {
      cluster: 'prod-use1',
      namespace: 'payments',
      serviceAccountName: 'denied-api',
      roleArn: `arn:aws:iam::${PLATFORM}:role/backstage/irsa-payments-denied-api`,
    },
  ],
] as const;

// Over the sandbox, so "nothing" is counted where it would happen: a denied initiator gets no
// request at all to AWS or Kubernetes (not even a read), and no audit event of a write.
describe('provisioning without ecr-access.irsa.provision', () => {
  let sandbox: Sandbox;

  useProvisioningSandbox(started => {
    sandbox = started;
  });
  beforeEach(() => sandbox.resetRequestCounts());
  afterEach(() => expectNothingSecretSaid(sandbox, { atLeast: 1 }));

  it.each(actions)(
    '%s is denied, asks for the permission with the initiator, and makes no request',
    async (id, factory, input) => {
      const permissions = fakePermissions(AuthorizeResult.DENY);
      const options = sandboxOptions(sandbox, {
        permissions: permissions as any,
      });
      const ctx = mockContext(input);
      await expect(factory(options).handler(ctx as any)).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: `${id} needs the permission ecr-access.irsa.provision`,
      });
      expect(permissions.authorize).toHaveBeenCalledWith(
        [{ permission: ecrAccessProvisionPermission }],
        { credentials: await ctx.getInitiatorCredentials() },
      );
      expect(sandbox.requestCounts()).toEqual({});
      expect(options.auditor.events).toEqual([]);
      expect(ctx.output).not.toHaveBeenCalled();
    },
  );

  it.each(actions)(
    '%s with the permission does reach the sandbox (the denial above is what stopped it)',
    async (_id, factory, input) => {
      const ctx = mockContext(input, true);
      await factory(sandboxOptions(sandbox)).handler(ctx as any);
      expect(Object.keys(sandbox.requestCounts()).length).toBeGreaterThan(0);
    },
  );
});
