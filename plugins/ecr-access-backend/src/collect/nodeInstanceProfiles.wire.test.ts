import {
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import {
  GetInstanceProfileCommand,
  IAMClient,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import type { Sandbox } from '@ecr-access/sandbox';
import { useSandbox } from '@ecr-access/test-utils';
import {
  ACCOUNT,
  INSTANCE_PROFILES_SCENARIO,
  PROFILE,
} from './__fixtures__/instanceProfilesScenario';
import {
  BARE_GROUP,
  WITHOUT_NODE_ROLE_SCENARIO,
} from './__fixtures__/instanceWithoutProfileScenario';
import {
  nodesToDescribe,
  readNodeInstanceProfiles,
} from './nodeInstanceProfiles';

jest.setTimeout(60_000);

// The sandbox's EC2 (EC2 Query protocol, XML) and IAM GetInstanceProfile, as the real
// @aws-sdk/client-ec2 and client-iam read them, and the collector over them: 1001 Karpenter
// nodes, so that DescribeInstances is asked in batches of at most 1000 IDs.
const scenario = {
  ...INSTANCE_PROFILES_SCENARIO,
  clusters: INSTANCE_PROFILES_SCENARIO.clusters!.map(c => ({
    ...c,
    selfManagedNodes: [{ ...c.selfManagedNodes![0], nodes: 1001 }],
  })),
};

const clientConfig = (sandbox: Sandbox, maxAttempts = 1) => ({
  endpoint: sandbox.awsEndpoint,
  region: 'us-east-1',
  maxAttempts,
  credentials: {
    accessKeyId: 'AKIASANDBOXPLATFORM1',
    secretAccessKey: 'sandbox-secret',
  },
});

async function listNodes(sandbox: Sandbox): Promise<unknown[]> {
  const [cluster] = sandbox.clusters;
  const res = await fetch(`${cluster.url}/api/v1/nodes`, {
    headers: { authorization: `Bearer ${cluster.token}` },
  });
  return ((await res.json()) as { items: unknown[] }).items;
}

describe('EC2 DescribeInstances and IAM GetInstanceProfile on the sandbox', () => {
  let sandbox: Sandbox;
  useSandbox({
    scenario,
    started: async running => {
      sandbox = running;
    },
    timeout: 30_000,
  });

  it("answers each node's instance with its instance profile", async () => {
    const nodes = nodesToDescribe(
      await listNodes(sandbox),
      new Set(['default']),
    );
    expect(nodes).toHaveLength(1001);
    const ec2 = new EC2Client(clientConfig(sandbox));
    const { Reservations } = await ec2.send(
      new DescribeInstancesCommand({
        InstanceIds: nodes.slice(0, 2).map(n => n.instanceId),
      }),
    );
    const instances = Reservations!.flatMap(r => r.Instances!);
    expect(instances.map(i => i.InstanceId)).toEqual(
      nodes.slice(0, 2).map(n => n.instanceId),
    );
    expect(instances[0].IamInstanceProfile).toEqual({
      Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${PROFILE}`,
      Id: expect.stringMatching(/^AIPA[A-Z2-7]{17}$/),
    });
    expect(instances[0].State?.Name).toBe('running');
    expect(instances[0].LaunchTime).toBeInstanceOf(Date);
  });

  it('pages with MaxResults and NextToken, and refuses MaxResults beside instance IDs', async () => {
    const ec2 = new EC2Client(clientConfig(sandbox));
    let pages = 0;
    let count = 0;
    for await (const page of paginateDescribeInstances(
      { client: ec2, pageSize: 1000 },
      {},
    )) {
      pages++;
      count += page.Reservations!.length;
    }
    // The managed default group's 2 nodes and the 1001 Karpenter nodes.
    expect({ pages, count }).toEqual({ pages: 2, count: 1003 });
    const combined = await ec2
      .send(
        new DescribeInstancesCommand({
          InstanceIds: ['i-0123456789abcdef0'],
          MaxResults: 5,
        }),
      )
      .catch(e => e);
    expect(combined.name).toBe('InvalidParameterCombination');
  });

  it('answers InvalidInstanceID.NotFound for an instance it does not have', async () => {
    const ec2 = new EC2Client(clientConfig(sandbox));
    const error = await ec2
      .send(
        new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] }),
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error.name).toBe('InvalidInstanceID.NotFound');
    expect(error.message).toBe(
      "The instance ID 'i-0123456789abcdef0' does not exist",
    );
  });

  it('answers GetInstanceProfile with its role, and NoSuchEntity for another name', async () => {
    const iam = new IAMClient(clientConfig(sandbox));
    const { InstanceProfile } = await iam.send(
      new GetInstanceProfileCommand({ InstanceProfileName: PROFILE }),
    );
    expect(InstanceProfile).toMatchObject({
      InstanceProfileName: PROFILE,
      Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${PROFILE}`,
      Path: '/',
      Roles: [
        {
          RoleName: 'eks-node-karpenter-mixed',
          Arn: `arn:aws:iam::${ACCOUNT}:role/eks-node-karpenter-mixed`,
        },
      ],
    });
    expect(InstanceProfile?.CreateDate).toBeInstanceOf(Date);
    const missing = await iam
      .send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' }))
      .catch(e => e);
    expect(missing).toBeInstanceOf(NoSuchEntityException);
  });

  it('reads 1001 nodes in two DescribeInstances calls and one GetInstanceProfile', async () => {
    const nodes = nodesToDescribe(
      await listNodes(sandbox),
      new Set(['default']),
    );
    const operations: string[] = [];
    const read = await readNodeInstanceProfiles(
      {
        ec2: async () => new EC2Client(clientConfig(sandbox)),
        iam: async () => new IAMClient(clientConfig(sandbox)),
      },
      nodes,
      op => operations.push(op),
    );
    expect(operations.sort()).toEqual([
      'ec2:DescribeInstances',
      'ec2:DescribeInstances',
      'iam:GetInstanceProfile',
    ]);
    expect(read.unread).toEqual([]);
    expect(read.profiles).toEqual([
      {
        name: PROFILE,
        roleArns: [`arn:aws:iam::${ACCOUNT}:role/eks-node-karpenter-mixed`],
        nodes: nodes.map(n => n.name),
      },
    ]);
  });

  it('retries RequestLimitExceeded, and leaves the nodes unread, with why, when it persists', async () => {
    const nodes = nodesToDescribe(
      await listNodes(sandbox),
      new Set(['default']),
    );
    const clients = (attempts: number) => ({
      ec2: async () => new EC2Client(clientConfig(sandbox, attempts)),
      iam: async () => new IAMClient(clientConfig(sandbox, attempts)),
    });
    await sandbox.setFaults([
      {
        api: 'ec2',
        operation: 'DescribeInstances',
        error: 'throttle',
        times: 1,
      },
    ]);
    const retried = await readNodeInstanceProfiles(
      clients(3),
      nodes.slice(0, 3),
      () => {},
    );
    expect(retried.unread).toEqual([]);
    expect(retried.profiles[0].nodes).toHaveLength(3);
    await sandbox.setFaults([
      { api: 'ec2', operation: 'DescribeInstances', error: 'throttle' },
    ]);
    const throttled = await readNodeInstanceProfiles(
      clients(2),
      nodes.slice(0, 3),
      () => {},
    );
    expect(throttled).toEqual({
      profiles: [],
      unread: [
        {
          nodes: nodes.slice(0, 3).map(n => n.name),
          reason: expect.stringMatching(
            /^ec2:DescribeInstances: RequestLimitExceeded: Request limit exceeded/,
          ),
        },
      ],
    });
    await sandbox.setFaults([
      { api: 'iam', operation: 'GetInstanceProfile', error: 'unavailable' },
    ]);
    const down = await readNodeInstanceProfiles(
      clients(1),
      nodes.slice(0, 3),
      () => {},
    );
    expect(down.unread).toEqual([
      {
        nodes: nodes.slice(0, 3).map(n => n.name),
        reason: expect.stringMatching(
          new RegExp(`^iam:GetInstanceProfile ${PROFILE}: ServiceUnavailable`),
        ),
      },
    ]);
    await sandbox.setFaults([]);
  });
});

/** The names of the listed Nodes whose label `key` is `value`. */
function nodesLabelled(listed: unknown[], key: string, value: string) {
  return (
    listed as Array<{
      metadata: { name: string; labels: Record<string, string> };
    }>
  )
    .filter(n => n.metadata.labels[key] === value)
    .map(n => n.metadata.name);
}

describe('instances that DescribeInstances answers without an instance profile', () => {
  let sandbox: Sandbox;
  useSandbox({
    scenario: WITHOUT_NODE_ROLE_SCENARIO,
    started: async running => {
      sandbox = running;
    },
    timeout: 30_000,
  });

  it('answers the instance launched without one with no IamInstanceProfile', async () => {
    const listed = await listNodes(sandbox);
    const [bareName] = nodesLabelled(
      listed,
      'karpenter.sh/nodepool',
      BARE_GROUP,
    );
    const bare = nodesToDescribe(listed, new Set()).find(
      n => n.name === bareName,
    )!;
    const ec2 = new EC2Client(clientConfig(sandbox));
    const { Reservations } = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [bare.instanceId] }),
    );
    const [instance] = Reservations!.flatMap(r => r.Instances!);
    expect(instance.InstanceId).toBe(bare.instanceId);
    expect(instance.State?.Name).toBe('running');
    expect(instance.IamInstanceProfile).toBeUndefined();
  });

  it('reads the other profiles, and leaves that node unread, with why, never dropped in silence', async () => {
    // No node group was read (EKS manages none here): every EC2 node is described.
    const listed = await listNodes(sandbox);
    const nodes = nodesToDescribe(listed, new Set());
    expect(nodes).toHaveLength(5);
    const read = await readNodeInstanceProfiles(
      {
        ec2: async () => new EC2Client(clientConfig(sandbox)),
        iam: async () => new IAMClient(clientConfig(sandbox)),
      },
      nodes,
      () => {},
    );
    const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
    const byName = (a: { name: string }, b: { name: string }) =>
      a.name.localeCompare(b.name);
    expect([...read.profiles].sort(byName)).toEqual([
      {
        name: PROFILE,
        roleArns: [roleArn('eks-node-pullonly')],
        nodes: nodesLabelled(listed, 'karpenter.sh/nodepool', 'default'),
      },
      {
        // The default nodes of a cluster without nodeRole: a self-managed group's profile.
        name: 'mixed-NodeInstanceProfile',
        roleArns: [roleArn('mixed-NodeInstanceRole')],
        nodes: nodesLabelled(listed, 'eks.amazonaws.com/nodegroup', 'default'),
      },
    ]);
    expect(read.unread).toEqual([
      {
        nodes: nodesLabelled(listed, 'karpenter.sh/nodepool', BARE_GROUP),
        reason:
          'ec2:DescribeInstances returned no instance profile for their instances',
      },
    ]);
    expect(read.unread[0].nodes).toHaveLength(1);
  });
});
