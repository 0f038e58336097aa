import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountAuthorizationDetailsCommandOutput,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  paginateGetAccountAuthorizationDetails,
  PutRolePolicyCommand,
  RoleDetail,
} from '@aws-sdk/client-iam';
import { awsClients } from '../__testUtils__/awsClients';
import { smallScenario } from '../__fixtures__/smallScenario';
import { Sandbox, startSandbox } from '../startSandbox';

const ACCOUNT = '111122223333';
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/platform-boundary`;
const ECR_READ_ONLY =
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly';
/** Those of the two clusters' default node roles, in the order IAM lists them. */
const NODE_POLICIES = [
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonEKS_CNI_Policy',
  'AmazonEKSWorkerNodePolicy',
].map(name => `arn:aws:iam::aws:policy/${name}`);
const identityPolicy = (action: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
  });

/** Every page's roles and policies, through the SDK's paginator. */
async function allPages(iam: IAMClient, pageSize: number, filter: string[]) {
  const roles: RoleDetail[] = [];
  const policies: NonNullable<
    GetAccountAuthorizationDetailsCommandOutput['Policies']
  > = [];
  let pages = 0;
  for await (const page of paginateGetAccountAuthorizationDetails(
    { client: iam, pageSize },
    { Filter: filter as any },
  )) {
    pages++;
    roles.push(...(page.RoleDetailList ?? []));
    policies.push(...(page.Policies ?? []));
  }
  return { roles, policies, pages };
}

/** What the per-role reads say about a role, in RoleDetail's shape. */
async function perRoleView(iam: IAMClient, name: string) {
  const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
  const { PolicyNames } = await iam.send(
    new ListRolePoliciesCommand({ RoleName: name }),
  );
  const inline = [];
  for (const policyName of PolicyNames ?? []) {
    const answer = await iam.send(
      new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }),
    );
    inline.push({
      PolicyName: answer.PolicyName,
      PolicyDocument: answer.PolicyDocument,
    });
  }
  const { AttachedPolicies } = await iam.send(
    new ListAttachedRolePoliciesCommand({ RoleName: name }),
  );
  return {
    Path: Role!.Path,
    RoleName: Role!.RoleName,
    RoleId: Role!.RoleId,
    Arn: Role!.Arn,
    CreateDate: Role!.CreateDate,
    AssumeRolePolicyDocument: Role!.AssumeRolePolicyDocument,
    RolePolicyList: inline,
    AttachedManagedPolicies: AttachedPolicies,
    PermissionsBoundary: Role!.PermissionsBoundary,
    Tags: Role!.Tags,
  };
}

describe('IAM GetAccountAuthorizationDetails through @aws-sdk/client-iam', () => {
  let sandbox: Sandbox;
  let iam: IAMClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: smallScenario });
    iam = awsClients(sandbox).iam;
    // A role with everything a RoleDetail can carry: a boundary, tags, two inline policies
    // and both kinds of managed policy.
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'everything',
        Path: '/backstage/',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'ec2.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
        PermissionsBoundary: BOUNDARY,
        Tags: [{ Key: 'team', Value: 'platform & "ops"' }],
      }),
    );
    for (const [name, action] of [
      ['z-last', 's3:GetObject'],
      ['a-first', 'ecr:BatchGetImage'],
    ]) {
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: 'everything',
          PolicyName: name,
          PolicyDocument: identityPolicy(action),
        }),
      );
    }
    for (const arn of [BOUNDARY, ECR_READ_ONLY]) {
      await iam.send(
        new AttachRolePolicyCommand({ RoleName: 'everything', PolicyArn: arn }),
      );
    }
  });
  afterEach(() => sandbox.setFaults([]));
  afterAll(() => sandbox.stop());

  it('answers in IAM XML: members, URL-encoded documents, an empty list for each type left out', async () => {
    const response = await fetch(sandbox.awsEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=Role&MaxItems=1&Marker=Mw%3D%3D',
    });
    const xml = await response.text();
    expect(response.status).toBe(200);
    expect(xml).toMatch(
      /^<GetAccountAuthorizationDetailsResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><GetAccountAuthorizationDetailsResult><UserDetailList><\/UserDetailList><GroupDetailList><\/GroupDetailList><RoleDetailList><member><Path>\/backstage\/<\/Path><RoleName>everything<\/RoleName>/,
    );
    expect(xml).toContain(
      `<RolePolicyList><member><PolicyName>a-first</PolicyName><PolicyDocument>${encodeURIComponent(
        identityPolicy('ecr:BatchGetImage'),
      )}</PolicyDocument></member>`,
    );
    expect(xml).toContain(
      '<Tags><member><Key>team</Key><Value>platform &amp; &quot;ops&quot;</Value></member></Tags>',
    );
    expect(xml).toContain(
      '<Policies></Policies><IsTruncated>true</IsTruncated><Marker>',
    );
  });

  it('lists each role as the per-role reads describe it', async () => {
    const { roles } = await allPages(iam, 1000, ['Role']);
    expect(roles.map(r => r.RoleName)).toEqual([
      'cross-account-reader',
      // The instance role of each cluster's default nodes (no nodeRole: self-managed).
      'edge-NodeInstanceRole',
      'eks-node',
      'everything',
      'payments-api-pull',
      'prod-NodeInstanceRole',
    ]);
    for (const role of roles) {
      expect(role).toEqual({
        ...(await perRoleView(iam, role.RoleName!)),
        InstanceProfileList: [],
        RoleLastUsed: {},
      });
    }
    const everything = roles.find(r => r.RoleName === 'everything')!;
    expect(everything.RolePolicyList!.map(p => p.PolicyName)).toEqual([
      'a-first',
      'z-last',
    ]);
    expect(
      decodeURIComponent(everything.RolePolicyList![1].PolicyDocument!),
    ).toBe(identityPolicy('s3:GetObject'));
    expect(everything.PermissionsBoundary?.PermissionsBoundaryArn).toBe(
      BOUNDARY,
    );
    expect(everything.Tags).toEqual([
      { Key: 'team', Value: 'platform & "ops"' },
    ]);
  });

  it("lists the account's policies and the AWS managed ones it uses, with their default version", async () => {
    const local = await allPages(iam, 1000, ['LocalManagedPolicy']);
    expect(local.roles).toEqual([]);
    expect(local.policies).toHaveLength(1);
    const [boundary] = local.policies;
    expect(boundary).toMatchObject({
      PolicyName: 'platform-boundary',
      Arn: BOUNDARY,
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 1,
      IsAttachable: true,
    });
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: BOUNDARY, VersionId: 'v1' }),
    );
    expect(boundary.PolicyVersionList).toEqual([PolicyVersion]);
    expect(PolicyVersion?.Document).toMatch(/^%7B%22Version%22/);

    const awsManaged = await allPages(iam, 1000, ['AWSManagedPolicy']);
    expect(awsManaged.policies.map(p => [p.Arn, p.AttachmentCount])).toEqual([
      [NODE_POLICIES[0], 2],
      [ECR_READ_ONLY, 2],
      ...NODE_POLICIES.slice(1).map(arn => [arn, 2]),
    ]);
    const users = await allPages(iam, 1000, ['User', 'Group']);
    expect(users).toEqual({ roles: [], policies: [], pages: 1 });
  });

  it('pages through roles and policies together with Marker and IsTruncated', async () => {
    const whole = await allPages(iam, 1000, ['Role', 'LocalManagedPolicy']);
    expect(whole.pages).toBe(1);
    const paged = await allPages(iam, 2, ['Role', 'LocalManagedPolicy']);
    // Six roles and one policy, two entities a page.
    expect(paged.pages).toBe(4);
    expect(paged).toEqual({ ...whole, pages: 4 });
    const first = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ MaxItems: 2 }),
    );
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toEqual(expect.any(String));
    // Without a filter, every type: the AWS managed policy in use too.
    const everything = await allPages(iam, 100, []);
    expect(everything.policies.map(p => p.Arn)).toEqual([
      BOUNDARY,
      NODE_POLICIES[0],
      ECR_READ_ONLY,
      ...NODE_POLICIES.slice(1),
    ]);
  });

  it('refuses an unknown entity type and a MaxItems out of range', async () => {
    const badFilter = await iam
      .send(
        new GetAccountAuthorizationDetailsCommand({
          Filter: ['Role', 'Bucket' as any],
        }),
      )
      .catch(e => e);
    expect(badFilter.name).toBe('ValidationError');
    expect(badFilter.message).toContain("Value '[Role, Bucket]' at 'filter'");
    const tooMany = await iam
      .send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1001 }))
      .catch(e => e);
    expect(tooMany.name).toBe('ValidationError');
  });

  it('is throttled and faulted under its own operation name', async () => {
    await sandbox.setFaults([
      {
        api: 'iam',
        operation: 'GetAccountAuthorizationDetails',
        rateLimit: { rps: 0.001, burst: 1 },
      },
    ]);
    sandbox.resetRequestCounts();
    const once = awsClients(sandbox, { maxAttempts: 1 }).iam;
    const request = new GetAccountAuthorizationDetailsCommand({
      Filter: ['Role'],
    });
    await once.send(request);
    const throttled = await once.send(request).catch(e => e);
    expect(throttled.name).toBe('Throttling');
    expect(throttled.$metadata.httpStatusCode).toBe(400);
    // The per-role reads of the same account are not held back by it.
    await once.send(new GetRoleCommand({ RoleName: 'eks-node' }));
    expect(sandbox.requestCounts()).toMatchObject({
      'iam/GetAccountAuthorizationDetails': 2,
      'iam/GetRole': 1,
    });
    expect(sandbox.rateLimitedCounts()).toEqual({
      'iam/GetAccountAuthorizationDetails': 1,
    });

    await sandbox.setFaults([
      {
        api: 'iam',
        operation: 'GetAccountAuthorizationDetails',
        error: { status: 403, code: 'AccessDenied', message: 'denied' },
      },
    ]);
    const denied = await once.send(request).catch(e => e);
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata.httpStatusCode).toBe(403);
  });
});
