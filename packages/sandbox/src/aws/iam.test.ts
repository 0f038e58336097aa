import {
  AttachRolePolicyCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteConflictException,
  DeleteOpenIDConnectProviderCommand,
  DeleteRolePermissionsBoundaryCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  LimitExceededException,
  ListAttachedRolePoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { awsClients } from '../__testUtils__/awsClients';
import { smallScenario } from '../__fixtures__/smallScenario';
import { Sandbox, startSandbox } from '../startSandbox';

const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/TESTISSUER';
const trust = (namespace: string, sa: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Federated: `arn:aws:iam::111122223333:oidc-provider/${ISSUER}`,
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${ISSUER}:sub`]: `system:serviceaccount:${namespace}:${sa}`,
            [`${ISSUER}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  });
const pullPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: 'arn:aws:ecr:us-east-1:111122223333:repository/payments/api',
    },
  ],
});

describe('IAM through @aws-sdk/client-iam', () => {
  let sandbox: Sandbox;
  let iam: ReturnType<typeof awsClients>['iam'];

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: smallScenario });
    iam = awsClients(sandbox).iam;
  });
  afterAll(() => sandbox.stop());

  it('reads scenario roles with URL-decoded documents, tags and inline policies', async () => {
    const { Role } = await iam.send(
      new GetRoleCommand({ RoleName: 'payments-api-pull' }),
    );
    expect(Role?.Arn).toBe(
      'arn:aws:iam::111122223333:role/irsa/payments-api-pull',
    );
    expect(Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(Role?.CreateDate).toBeInstanceOf(Date);
    const trustDoc = JSON.parse(
      decodeURIComponent(Role!.AssumeRolePolicyDocument!),
    );
    expect(trustDoc.Statement[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(Role?.Tags).toEqual([{ Key: 'team', Value: 'payments' }]);
    const names = await iam.send(
      new ListRolePoliciesCommand({ RoleName: 'payments-api-pull' }),
    );
    expect(names.PolicyNames).toEqual(['ecr-pull']);
    const inline = await iam.send(
      new GetRolePolicyCommand({
        RoleName: 'payments-api-pull',
        PolicyName: 'ecr-pull',
      }),
    );
    expect(
      JSON.parse(decodeURIComponent(inline.PolicyDocument!)).Statement[1]
        .Resource,
    ).toEqual(['arn:aws:ecr:us-east-1:111122223333:repository/payments/api']);
    const attached = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: 'eks-node' }),
    );
    expect(attached.AttachedPolicies).toEqual([
      {
        PolicyName: 'AmazonEC2ContainerRegistryReadOnly',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      },
    ]);
    const version = await iam.send(
      new GetPolicyVersionCommand({
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
        VersionId: 'v1',
      }),
    );
    expect(decodeURIComponent(version.PolicyVersion!.Document!)).toContain(
      'ecr:BatchGetImage',
    );
  });

  it('raises NoSuchEntityException for a missing role and policy', async () => {
    const missing = await iam
      .send(new GetRoleCommand({ RoleName: 'nope' }))
      .catch(e => e);
    expect(missing).toBeInstanceOf(NoSuchEntityException);
    expect(missing.message).toBe('The role with name nope cannot be found.');
    expect(missing.$metadata.httpStatusCode).toBe(404);
    await expect(
      iam.send(
        new GetRolePolicyCommand({ RoleName: 'eks-node', PolicyName: 'x' }),
      ),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(
      iam.send(
        new GetPolicyCommand({
          PolicyArn: 'arn:aws:iam::111122223333:policy/none',
        }),
      ),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it('creates, updates, tags and deletes a role', async () => {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'irsa-new-service',
        Path: '/backstage/',
        AssumeRolePolicyDocument: trust('shop', 'new-service'),
        PermissionsBoundary:
          'arn:aws:iam::111122223333:policy/platform-boundary',
        Tags: [{ Key: 'managed-by', Value: 'backstage' }],
      }),
    );
    expect(created.Role?.Arn).toBe(
      'arn:aws:iam::111122223333:role/backstage/irsa-new-service',
    );
    expect(created.Role?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(
      'arn:aws:iam::111122223333:policy/platform-boundary',
    );
    await expect(
      iam.send(
        new CreateRoleCommand({
          RoleName: 'irsa-new-service',
          AssumeRolePolicyDocument: trust('shop', 'x'),
        }),
      ),
    ).rejects.toBeInstanceOf(EntityAlreadyExistsException);

    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'irsa-new-service',
        PolicyDocument: trust('shop', 'renamed'),
      }),
    );
    await iam.send(
      new TagRoleCommand({
        RoleName: 'irsa-new-service',
        Tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    await iam.send(
      new UntagRoleCommand({
        RoleName: 'irsa-new-service',
        TagKeys: ['managed-by'],
      }),
    );
    expect(
      (
        await iam.send(
          new ListRoleTagsCommand({ RoleName: 'irsa-new-service' }),
        )
      ).Tags,
    ).toEqual([{ Key: 'team', Value: 'shop' }]);
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'irsa-new-service',
        PolicyName: 'ecr-pull',
        PolicyDocument: pullPolicy,
      }),
    );
    await iam.send(
      new PutRolePermissionsBoundaryCommand({
        RoleName: 'irsa-new-service',
        PermissionsBoundary:
          'arn:aws:iam::111122223333:policy/platform-boundary',
      }),
    );
    const read = await iam.send(
      new GetRoleCommand({ RoleName: 'irsa-new-service' }),
    );
    expect(decodeURIComponent(read.Role!.AssumeRolePolicyDocument!)).toContain(
      'system:serviceaccount:shop:renamed',
    );

    await expect(
      iam.send(new DeleteRoleCommand({ RoleName: 'irsa-new-service' })),
    ).rejects.toBeInstanceOf(DeleteConflictException);
    await iam.send(
      new DeleteRolePolicyCommand({
        RoleName: 'irsa-new-service',
        PolicyName: 'ecr-pull',
      }),
    );
    await iam.send(new DeleteRoleCommand({ RoleName: 'irsa-new-service' }));
    await expect(
      iam.send(new GetRoleCommand({ RoleName: 'irsa-new-service' })),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it('rejects malformed and oversized policies and bad names', async () => {
    const notJson = await iam
      .send(
        new CreateRoleCommand({
          RoleName: 'bad',
          AssumeRolePolicyDocument: '{not json',
        }),
      )
      .catch(e => e);
    expect(notJson).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(notJson.message).toBe('This policy contains invalid Json');
    const principalInIdentity = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'ecr:*', Resource: '*' },
      ],
    });
    await expect(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'eks-node',
          PolicyName: 'p',
          PolicyDocument: principalInIdentity,
        }),
      ),
    ).rejects.toBeInstanceOf(MalformedPolicyDocumentException);

    // Seventy service accounts in one trust policy exceed the 2,048-character quota.
    const big = JSON.parse(trust('shop', 'a'));
    big.Statement[0].Condition.StringEquals[`${ISSUER}:sub`] = Array.from(
      { length: 70 },
      (_, i) => `system:serviceaccount:shop:sa-${i}`,
    );
    const tooLong = await iam
      .send(
        new CreateRoleCommand({
          RoleName: 'too-long',
          AssumeRolePolicyDocument: JSON.stringify(big),
        }),
      )
      .catch(e => e);
    expect(tooLong).toBeInstanceOf(LimitExceededException);
    expect(tooLong.message).toBe(
      'Cannot exceed quota for ACLSizePerRole: 2048',
    );
    // The SDK classifies LimitExceededException as throttling and retries it, as against real IAM.
    expect(tooLong.$metadata.attempts).toBe(3);

    const badName = await iam
      .send(
        new CreateRoleCommand({
          RoleName: 'has space',
          AssumeRolePolicyDocument: trust('a', 'b'),
        }),
      )
      .catch(e => e);
    expect(badName.name).toBe('ValidationError');
    expect(badName.$metadata.httpStatusCode).toBe(400);
  });

  it('limits a role to 10 managed policies', async () => {
    const iamNoRetry = awsClients(sandbox, { maxAttempts: 1 }).iam;
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'many-policies',
        AssumeRolePolicyDocument: trust('a', 'b'),
      }),
    );
    for (let i = 0; i < 10; i++) {
      const { Policy } = await iam.send(
        new CreatePolicyCommand({
          PolicyName: `p-${i}`,
          PolicyDocument: pullPolicy,
        }),
      );
      await iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'many-policies',
          PolicyArn: Policy!.Arn,
        }),
      );
    }
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'p-10',
        PolicyDocument: pullPolicy,
      }),
    );
    await expect(
      iamNoRetry.send(
        new AttachRolePolicyCommand({
          RoleName: 'many-policies',
          PolicyArn: Policy!.Arn,
        }),
      ),
    ).rejects.toBeInstanceOf(LimitExceededException);
    expect(
      (
        await iam.send(
          new GetPolicyCommand({
            PolicyArn: 'arn:aws:iam::111122223333:policy/p-0',
          }),
        )
      ).Policy?.AttachmentCount,
    ).toBe(1);
    await expect(
      iam.send(
        new DeletePolicyCommand({
          PolicyArn: 'arn:aws:iam::111122223333:policy/p-0',
        }),
      ),
    ).rejects.toBeInstanceOf(DeleteConflictException);
    await iam.send(
      new DetachRolePolicyCommand({
        RoleName: 'many-policies',
        PolicyArn: 'arn:aws:iam::111122223333:policy/p-0',
      }),
    );
    await iam.send(
      new DeletePolicyCommand({
        PolicyArn: 'arn:aws:iam::111122223333:policy/p-0',
      }),
    );
    await expect(
      iam.send(
        new CreatePolicyCommand({
          PolicyName: 'p-1',
          PolicyDocument: pullPolicy,
        }),
      ),
    ).rejects.toBeInstanceOf(EntityAlreadyExistsException);
  });

  it('lists roles across pages with the SDK paginator', async () => {
    const names: string[] = [];
    for await (const page of paginateListRoles(
      { client: iam, pageSize: 1 },
      {},
    )) {
      names.push(...(page.Roles ?? []).map(r => r.RoleName!));
    }
    const all = await iam.send(new ListRolesCommand({}));
    expect(names).toEqual(all.Roles!.map(r => r.RoleName));
    expect(names).toContain('payments-api-pull');
    expect(
      (await iam.send(new ListRolesCommand({ PathPrefix: '/irsa/' }))).Roles,
    ).toHaveLength(1);
  });

  it('manages OIDC providers', async () => {
    const list = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    const prod = sandbox.clusters[0].oidcIssuer.replace('https://', '');
    expect(list.OpenIDConnectProviderList?.map(p => p.Arn)).toContain(
      `arn:aws:iam::111122223333:oidc-provider/${prod}`,
    );
    const created = await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: `https://${ISSUER}`,
        ClientIDList: ['sts.amazonaws.com'],
      }),
    );
    expect(created.OpenIDConnectProviderArn).toBe(
      `arn:aws:iam::111122223333:oidc-provider/${ISSUER}`,
    );
    const read = await iam.send(
      new GetOpenIDConnectProviderCommand({
        OpenIDConnectProviderArn: created.OpenIDConnectProviderArn,
      }),
    );
    expect(read).toMatchObject({
      Url: ISSUER,
      ClientIDList: ['sts.amazonaws.com'],
    });
    await expect(
      iam.send(
        new CreateOpenIDConnectProviderCommand({
          Url: `https://${ISSUER}`,
          ClientIDList: [],
        }),
      ),
    ).rejects.toBeInstanceOf(EntityAlreadyExistsException);
    await expect(
      iam.send(
        new GetOpenIDConnectProviderCommand({
          OpenIDConnectProviderArn: 'arn:aws:iam::111122223333:oidc-provider/x',
        }),
      ),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it('removes permissions boundaries and OIDC providers', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'bounded',
        AssumeRolePolicyDocument: trust('a', 'b'),
        PermissionsBoundary:
          'arn:aws:iam::111122223333:policy/platform-boundary',
      }),
    );
    await iam.send(
      new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded' }),
    );
    const { Role } = await iam.send(
      new GetRoleCommand({ RoleName: 'bounded' }),
    );
    expect(Role?.PermissionsBoundary).toBeUndefined();
    const missingBoundary = await iam
      .send(
        new PutRolePermissionsBoundaryCommand({
          RoleName: 'bounded',
          PermissionsBoundary: 'arn:aws:iam::111122223333:policy/nope',
        }),
      )
      .catch(e => e);
    expect(missingBoundary).toBeInstanceOf(NoSuchEntityException);

    const arn = `arn:aws:iam::111122223333:oidc-provider/oidc.example.com/gone`;
    await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://oidc.example.com/gone',
        ClientIDList: ['sts.amazonaws.com'],
      }),
    );
    await iam.send(
      new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }),
    );
    await expect(
      iam.send(
        new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }),
      ),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it('keeps each account separate by access key', async () => {
    const data = awsClients(sandbox, {
      accessKeyId: 'AKIASANDBOXDATA00001',
    }).iam;
    await expect(
      data.send(new GetRoleCommand({ RoleName: 'payments-api-pull' })),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
  });
});
