import {
  AttachRolePolicyCommand,
  DeleteRolePermissionsBoundaryCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  analyseTrust,
  canPullRepository,
  parsePolicy,
  pullPolicyBreadth,
} from '@ecr-access/plugin-ecr-access-node';
import { Sandbox } from '@ecr-access/sandbox';
import {
  fakePermissions,
  mockContext,
  sandboxOptions,
  useProvisioningSuite,
  writes,
} from '../__testUtils__/sandbox';
import {
  BOUNDARY,
  PLATFORM,
  paymentsInput,
} from '../__fixtures__/provisioningScenario';
import { createIrsaRoleAction } from './createIrsaRole';

// End to end: the real AWS SDK against the sandbox's simulated IAM and EKS.
describe('ecr-access:irsa:role:create over the sandbox', () => {
  let sandbox: Sandbox;
  let iam: IAMClient;
  // Each test starts clean; no output, log line, checkpoint value or audit event holds a secret.
  useProvisioningSuite({
    started: (started, platformIam) => {
      [sandbox, iam] = [started, platformIam];
    },
  });

  const input = paymentsInput('payments-api');
  const issuer = () =>
    sandbox.clusters.find(c => c.name === 'prod-use1')!.oidcIssuer;

  async function run(extra: object = {}, dryRun = false, options = {}) {
    const actionOptions = sandboxOptions(sandbox, options);
    const action = createIrsaRoleAction(actionOptions);
    const ctx = mockContext({ ...input, ...extra }, dryRun);
    await action.handler(ctx as any);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    return { ctx, outputs, audit: actionOptions.auditor.outcomes() };
  }

  it('dry run makes zero writes and says what it would create', async () => {
    const { outputs } = await run({}, true);
    expect(outputs).toMatchObject({
      outcome: 'would-create',
      roleArn: `arn:aws:iam::${PLATFORM}:role/backstage/irsa-payments-payments-api`,
    });
    expect(writes(sandbox)).toEqual({});
  });

  it('creates the role with the trust, pull policy, path, boundary and tags as specified', async () => {
    await sandbox.setIamPropagation(300);
    const { outputs, audit } = await run();
    expect(outputs.outcome).toBe('created');
    expect(audit).toEqual([
      { eventId: 'irsa-role-create', outcome: 'success' },
      { eventId: 'irsa-role-policy-put', outcome: 'success' },
    ]);
    const { Role } = await iam.send(
      new GetRoleCommand({ RoleName: 'irsa-payments-payments-api' }),
    );
    const host = issuer().replace(/^https:\/\//, '');
    const trust = JSON.parse(
      decodeURIComponent(Role!.AssumeRolePolicyDocument!),
    );
    expect(trust).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            Federated: `arn:aws:iam::${PLATFORM}:oidc-provider/${host}`,
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${host}:sub`]: 'system:serviceaccount:payments:payments-api',
              [`${host}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ],
    });
    const repo = `arn:aws:ecr:us-east-1:${PLATFORM}:repository/payments/api`;
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({
        RoleName: 'irsa-payments-payments-api',
        PolicyName: 'ecr-pull',
      }),
    );
    const policy = JSON.parse(decodeURIComponent(PolicyDocument!));
    expect(policy.Statement).toEqual([
      {
        Sid: 'EcrAuthorizationToken',
        Effect: 'Allow',
        Action: 'ecr:GetAuthorizationToken',
        Resource: '*',
      },
      {
        Sid: 'EcrPull',
        Effect: 'Allow',
        Action: [
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchCheckLayerAvailability',
        ],
        Resource: [repo],
      },
    ]);
    expect(Role!.Path).toBe('/backstage/');
    expect(Role!.PermissionsBoundary?.PermissionsBoundaryArn).toBe(BOUNDARY);
    expect(Object.fromEntries(Role!.Tags!.map(t => [t.Key, t.Value]))).toEqual({
      'cost-center': 'platform',
      'backstage.io/entity-ref': 'component:default/payments-api',
      'managed-by': 'backstage-ecr-access',
      // this task's token: a later task reuses the role, but never takes it for its own
      'ecr-access.io/created-by-task': expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      ),
    });

    // What IAM holds passes the status engine's checks
    const subject = {
      accountId: PLATFORM,
      partition: 'aws',
      issuer: issuer(),
      namespace: 'payments',
      serviceAccount: 'payments-api',
    };
    expect(
      analyseTrust(Role!.AssumeRolePolicyDocument!, subject),
    ).toMatchObject({
      decision: 'allow',
      problems: [],
    });
    const parsed = parsePolicy(PolicyDocument!);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(
      canPullRepository({ identity: [parsed.policy] }, repo).decision,
    ).toBe('allow');
    expect(pullPolicyBreadth({ identity: [parsed.policy] }, repo)).toEqual([]);
  });

  it('a second run reuses the role with zero writes', async () => {
    const { outputs, audit } = await run();
    expect(outputs.outcome).toBe('reused');
    expect(audit).toEqual([]);
    expect(writes(sandbox)).toEqual({});
  });

  it('refuses a role of ours that differs, and leaves it untouched', async () => {
    await expect(
      run({ repositories: ['payments/api', 'shop/web'] }),
    ).rejects.toThrow(
      /roleName: .*differs .*inline policy ecr-pull differs.*left untouched/,
    );
    expect(writes(sandbox)).toEqual({});
  });

  it('names every drift of a role of ours: tags, boundary, attached policies, trust', async () => {
    const drifted = { serviceAccountName: 'drifted' };
    await run(drifted);
    const RoleName = 'irsa-payments-drifted';
    await iam.send(
      new TagRoleCommand({
        RoleName,
        Tags: [
          { Key: 'backstage.io/entity-ref', Value: 'component:default/other' },
        ],
      }),
    );
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName }));
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName,
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      }),
    );
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName,
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'ec2.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    sandbox.resetRequestCounts();
    const error = await run(drifted).catch(e => e);
    expect(error.message).toMatch(
      /^roleName: IAM role .*irsa-payments-drifted was created by ecr-access but differs/,
    );
    expect(error.message).toContain('trust policy differs');
    expect(error.message).toContain(
      `permissions boundary is none, not ${BOUNDARY}`,
    );
    expect(error.message).toContain(
      'tag backstage.io/entity-ref is "component:default/other", not "component:default/payments-api"',
    );
    expect(error.message).toContain(
      'managed policies are attached (arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly)',
    );
    expect(writes(sandbox)).toEqual({});
  });

  it('refuses a foreign role of the same name, and leaves it untouched', async () => {
    const before = await iam.send(
      new GetRoleCommand({ RoleName: 'irsa-shop-web' }),
    );
    await expect(
      run({
        namespace: 'shop',
        serviceAccountName: 'web',
        repositories: ['shop/web'],
        entityRef: 'component:default/web',
      }),
    ).rejects.toThrow(
      /irsa-shop-web already exists and was not created by ecr-access/,
    );
    expect(writes(sandbox)).toEqual({});
    const after = await iam.send(
      new GetRoleCommand({ RoleName: 'irsa-shop-web' }),
    );
    expect(after.Role).toEqual(before.Role);
  });

  it('retries throttling during creation and succeeds', async () => {
    await sandbox.setFaults([
      { api: 'iam', operation: 'CreateRole', error: 'throttle', times: 2 },
      { api: 'iam', operation: 'PutRolePolicy', error: 'throttle', times: 1 },
    ]);
    const { outputs } = await run({
      cluster: 'shared-usw2',
      serviceAccountName: 'payments-west',
      repositories: ['payments/api'],
    });
    expect(outputs.outcome).toBe('created');
    expect(sandbox.requestCounts()['iam/CreateRole']).toBe(3);
    expect(sandbox.requestCounts()['iam/PutRolePolicy']).toBe(2);
  });

  it('deletes a half-made role when the pull policy cannot be put', async () => {
    await sandbox.setFaults([
      {
        api: 'iam',
        operation: 'PutRolePolicy',
        error: { status: 400, code: 'MalformedPolicyDocument' },
      },
    ]);
    await expect(run({ serviceAccountName: 'half-made' })).rejects.toThrow(
      /MalformedPolicyDocument|Malformed/,
    );
    expect(sandbox.requestCounts()).toMatchObject({
      'iam/CreateRole': 1,
      'iam/DeleteRole': 1,
    });
    await expect(
      iam.send(new GetRoleCommand({ RoleName: 'irsa-payments-half-made' })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('gives up on IAM propagation after the bounded wait, and removes the role', async () => {
    await sandbox.setIamPropagation(60_000);
    await expect(
      run({ serviceAccountName: 'never-visible' }, false, {
        iamPropagation: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
      }),
    ).rejects.toThrow(/still not visible to IAM reads after the bounded wait/);
    expect(sandbox.requestCounts()).toMatchObject({
      'iam/CreateRole': 1,
      'iam/DeleteRole': 1,
    });
  });

  it('says how to create a missing OIDC provider', async () => {
    await expect(
      run({
        cluster: 'data-use1',
        namespace: 'etl',
        serviceAccountName: 'loader',
      }),
    ).rejects.toThrow(
      /cluster: account 444455556666 has no IAM OIDC provider .*eksctl utils associate-iam-oidc-provider --cluster data-use1/,
    );
    expect(writes(sandbox)).toEqual({});
  });

  it('refuses without the provisioning permission, before any AWS call', async () => {
    await expect(
      run({}, false, { permissions: fakePermissions(AuthorizeResult.DENY) }),
    ).rejects.toThrow(/needs the permission ecr-access.irsa.provision/);
    expect(sandbox.requestCounts()).toEqual({});
  });
});
