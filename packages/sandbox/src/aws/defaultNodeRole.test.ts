import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { awsClients } from '../__testUtils__/awsClients';
import { smallScenario } from '../__fixtures__/smallScenario';
import { parseScenario } from '../scenario/load';
import { Sandbox, startSandbox } from '../startSandbox';
import { buildAwsState } from './state';

// The default nodes of a cluster without `nodeRole` (smallScenario's `prod`): nodes EKS does
// not manage, which on EKS still run with an instance profile; and a self-managed group
// launched without one.
const ACCOUNT = '111122223333';
const NOW = new Date('2026-12-01T00:00:00Z');

const withBareGroup = {
  ...smallScenario,
  clusters: smallScenario.clusters!.map((c, i) =>
    i === 0 ? { ...c, selfManagedNodes: [{ name: 'bare', nodes: 1 }] } : c,
  ),
};

describe('the default nodes of a cluster without nodeRole', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: smallScenario });
  });
  afterAll(() => sandbox.stop());

  it('run with a self-managed node group’s instance profile, whose role pulls only', async () => {
    const { iam } = awsClients(sandbox);
    const { InstanceProfile } = await iam.send(
      new GetInstanceProfileCommand({
        InstanceProfileName: 'prod-NodeInstanceProfile',
      }),
    );
    const role = `arn:aws:iam::${ACCOUNT}:role/prod-NodeInstanceRole`;
    expect(InstanceProfile?.Roles?.map(r => r.Arn)).toEqual([role]);
    const { Role } = await iam.send(
      new GetRoleCommand({ RoleName: 'prod-NodeInstanceRole' }),
    );
    expect(Role?.Arn).toBe(role);
    expect(
      JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)),
    ).toMatchObject({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: ['ec2.amazonaws.com'] },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    const { AttachedPolicies } = await iam.send(
      new ListAttachedRolePoliciesCommand({
        RoleName: 'prod-NodeInstanceRole',
      }),
    );
    expect(AttachedPolicies?.map(p => p.PolicyName).sort()).toEqual([
      'AmazonEC2ContainerRegistryPullOnly',
      'AmazonEKSWorkerNodePolicy',
      'AmazonEKS_CNI_Policy',
    ]);
  });
});

describe('EC2 instances of the scenario’s nodes', () => {
  it('gives every default node of a cluster without nodeRole its profile, and a bare group none', () => {
    const state = buildAwsState(parseScenario(withBareGroup), NOW, () => NOW);
    const prod = [...state.instances.values()].filter(
      i => i.account === ACCOUNT && i.region === 'us-east-1',
    );
    const profiles = prod.map(i => i.instanceProfileArn);
    const profile = `arn:aws:iam::${ACCOUNT}:instance-profile/prod-NodeInstanceProfile`;
    const cluster = parseScenario(withBareGroup).clusters[0];
    expect(profiles).toEqual([
      ...Array(cluster.nodes).fill(profile),
      undefined,
    ]);
    expect(prod[cluster.nodes].instanceProfileId).toBeUndefined();
  });

  it('keeps the scenario’s own role of that name', () => {
    const scenario = parseScenario({
      ...smallScenario,
      accounts: smallScenario.accounts!.map((a, i) =>
        i === 0
          ? {
              ...a,
              roles: [
                ...(a.roles ?? []),
                {
                  name: 'prod-NodeInstanceRole',
                  trust: { service: ['ec2.amazonaws.com'] },
                  managedPolicies: ['AmazonEC2ContainerRegistryReadOnly'],
                },
              ],
            }
          : a,
      ),
    });
    const state = buildAwsState(scenario, NOW, () => NOW);
    const role = state.accounts
      .get(ACCOUNT)!
      .roles.get('prod-NodeInstanceRole');
    expect(role?.attachedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
    ]);
  });

  it('refuses a self-managed group with an instance profile and no role', () => {
    expect(() =>
      parseScenario({
        ...smallScenario,
        clusters: smallScenario.clusters!.map((c, i) =>
          i === 0
            ? {
                ...c,
                selfManagedNodes: [{ name: 'half', instanceProfile: 'p' }],
              }
            : c,
        ),
      }),
    ).toThrow(/expected both instanceProfile and role, or neither/);
  });
});
