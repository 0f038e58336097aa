import { ConfigReader } from '@backstage/config';
import {
  AwsFactsNeeded,
  IamRoleFacts,
  parsePolicy,
} from '@ecr-access/plugin-ecr-access-node';
import { SdkAwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import type { Sandbox, ScenarioInput } from '@ecr-access/sandbox';
import { useSandbox } from '@ecr-access/test-utils';
import { readAwsFacts, ReadAwsFactsOptions } from './awsFacts';
import { BULK_ROLES_PER_ACCOUNT } from './iamRoles';

// Over real HTTP: the sandbox's IAM, read with the real AWS SDK v3 clients, in bulk
// (GetAccountAuthorizationDetails) and one role at a time (GetRole and the rest).

const A = '111122223333';
const B = '444455556666';
const ACCESS_KEYS = {
  [A]: 'AKIAROLESBULKA000001',
  [B]: 'AKIAROLESBULKB000001',
};
const statement = (action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
});
const ec2Trust = { service: ['ec2.amazonaws.com'] };

/** Roles with every part a role's facts hold: inline, both kinds of managed policy, boundaries of both kinds, tags, paths. */
const SCENARIO: ScenarioInput = {
  name: 'roles-in-bulk',
  accounts: [
    {
      id: A,
      credentials: [{ accessKeyId: ACCESS_KEYS[A] }],
      policies: [
        {
          name: 'platform-boundary',
          path: '/boundaries/',
          document: statement('ecr:*'),
        },
        { name: 'team-pull', document: statement('ecr:BatchGetImage') },
      ],
      roles: [
        {
          name: 'everything',
          path: '/backstage/',
          trust: ec2Trust,
          inlinePolicies: {
            'z-second': statement('s3:GetObject'),
            'a-first': statement('ecr:GetDownloadUrlForLayer'),
          },
          managedPolicies: [
            `arn:aws:iam::${A}:policy/team-pull`,
            'AmazonEC2ContainerRegistryReadOnly',
          ],
          permissionsBoundary: `arn:aws:iam::${A}:policy/boundaries/platform-boundary`,
          tags: { team: 'payments' },
        },
        {
          name: 'aws-bounded',
          trust: ec2Trust,
          managedPolicies: ['AmazonEKSWorkerNodePolicy'],
          permissionsBoundary:
            'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
        },
        { name: 'bare', trust: ec2Trust },
      ],
    },
    {
      id: B,
      credentials: [{ accessKeyId: ACCESS_KEYS[B] }],
      roles: [
        {
          name: 'other-account',
          trust: ec2Trust,
          managedPolicies: ['AmazonEC2ContainerRegistryReadOnly'],
          inlinePolicies: { pull: statement('ecr:BatchGetImage') },
        },
      ],
    },
  ],
};

const ROLE_ARNS = [
  `arn:aws:iam::${A}:role/backstage/everything`,
  `arn:aws:iam::${A}:role/aws-bounded`,
  `arn:aws:iam::${A}:role/bare`,
  `arn:aws:iam::${A}:role/does-not-exist`,
  `arn:aws:iam::${B}:role/other-account`,
];

const needing = (roleArns: string[]): AwsFactsNeeded => ({
  roleArns,
  oidcProviderAccounts: [],
  repositories: [],
});

function clients() {
  const accounts = Object.entries(ACCESS_KEYS).map(([accountId, key]) => ({
    accountId,
    accessKeyId: key,
    secretAccessKey: 'sandbox',
  }));
  return SdkAwsClients.fromConfig(
    new ConfigReader({ aws: { accounts } }),
    'aws',
    { maxAttempts: 2 },
  );
}

/** Every document of a role as the engine reads it: decoded and parsed. */
function decoded(role: IamRoleFacts) {
  const parse = (document: unknown) => parsePolicy(document);
  return {
    trust: role.trustPolicy && parse(role.trustPolicy),
    inline: role.inlinePolicies?.map(parse),
    managed: role.managedPolicies?.map(parse),
    boundary: role.permissionsBoundary && parse(role.permissionsBoundary),
  };
}

describe('IAM roles read in bulk or one by one', () => {
  let sandbox: Sandbox;
  useSandbox({
    scenario: SCENARIO,
    region: 'us-east-1',
    started: running => {
      sandbox = running;
    },
  });
  afterEach(() => sandbox.setFaults([]));

  const read = (options: ReadAwsFactsOptions, roleArns = ROLE_ARNS) =>
    readAwsFacts(needing(roleArns), clients(), options);

  it('gives the engine the same facts either way', async () => {
    const bulk = await read({ bulkRolesFrom: 1 });
    const oneByOne = await read({ bulkRolesFrom: Infinity });
    expect(bulk.errors).toEqual([]);
    expect(oneByOne.errors).toEqual([]);
    // Each way was taken: one bulk read per account, or GetRole per role.
    expect(bulk.operations['iam:GetAccountAuthorizationDetails']).toBe(2);
    expect(bulk.operations['iam:GetRole']).toBeUndefined();
    expect(oneByOne.operations['iam:GetRole']).toBe(ROLE_ARNS.length);
    expect(
      oneByOne.operations['iam:GetAccountAuthorizationDetails'],
    ).toBeUndefined();

    expect(bulk.facts).toEqual(oneByOne.facts);
    const roles = bulk.facts.roles!;
    expect(roles.map(r => r.arn)).toEqual(ROLE_ARNS);
    expect(roles.map(decoded)).toEqual(oneByOne.facts.roles!.map(decoded));

    const everything = decoded(roles[0]);
    expect(everything.inline).toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: true }),
    ]);
    expect(
      roles[0].inlinePolicies!.map(p => decodeURIComponent(p as string)),
    ).toEqual([
      JSON.stringify(statement('ecr:GetDownloadUrlForLayer')),
      JSON.stringify(statement('s3:GetObject')),
    ]);
    expect(roles[0].managedPolicies).toHaveLength(2);
    expect(decodeURIComponent(roles[0].permissionsBoundary as string)).toBe(
      JSON.stringify(statement('ecr:*')),
    );
    expect(
      decodeURIComponent(roles[1].permissionsBoundary as string),
    ).toContain('ecr:BatchImportUpstreamImage');
    expect(roles[3]).toEqual({ arn: ROLE_ARNS[3], exists: false });
  });

  it('reads in bulk from 20 roles referenced in an account, one by one below', async () => {
    const names = (n: number) =>
      Array.from({ length: n }, (_, i) => `arn:aws:iam::${A}:role/r-${i}`);
    expect(BULK_ROLES_PER_ACCOUNT).toBe(20);
    const few = await read({}, names(19));
    expect(few.operations['iam:GetRole']).toBe(19);
    expect(
      few.operations['iam:GetAccountAuthorizationDetails'],
    ).toBeUndefined();
    const many = await read({}, names(20));
    expect(many.operations).toEqual({
      'iam:GetAccountAuthorizationDetails': 1,
    });
    expect(many.facts.roles).toHaveLength(20);
    expect(many.facts.roles!.every(r => !r.exists)).toBe(true);
  });

  it('reads one by one, and says so, where the bulk read is denied', async () => {
    await sandbox.setFaults([
      {
        api: 'iam',
        operation: 'GetAccountAuthorizationDetails',
        error: {
          status: 403,
          code: 'AccessDenied',
          message: `User: arn:aws:iam::${A}:user/sandbox is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: *`,
        },
      },
    ]);
    const denied = await read({ bulkRolesFrom: 1 });
    const oneByOne = await read({ bulkRolesFrom: Infinity });
    expect(denied.facts).toEqual(oneByOne.facts);
    expect(denied.operations['iam:GetRole']).toBe(ROLE_ARNS.length);
    expect(denied.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^IAM: 4 roles of account ${A} read one by one .*iam:GetAccountAuthorizationDetails.*AccessDenied`,
        ),
      ),
      expect.stringMatching(new RegExp(`^IAM: 1 roles of account ${B} read`)),
    ]);
  });

  it('reads an AWS managed policy document once across audits while its version holds', async () => {
    const shared = clients();
    const audit = () =>
      readAwsFacts(needing(ROLE_ARNS), shared, { bulkRolesFrom: 1 });
    const first = await audit();
    const second = await audit();
    expect(second.facts).toEqual(first.facts);
    // Three AWS managed policies in use: their default version is asked each audit, each
    // document read once. Customer managed ones come with the bulk read.
    expect(first.operations['iam:GetPolicyVersion']).toBe(3);
    expect(second.operations['iam:GetPolicyVersion']).toBeUndefined();
    expect(second.operations['iam:GetPolicy']).toBe(
      first.operations['iam:GetPolicy'],
    );
  });
});
