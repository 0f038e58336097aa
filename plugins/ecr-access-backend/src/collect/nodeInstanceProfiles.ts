import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import type {
  NodeGroup,
  NodeInstanceProfile,
  UnreadNodeInstanceProfiles,
} from '@ecr-access/plugin-ecr-access-node';
import type {
  AwsClients,
  EcrAccessCluster,
} from '@ecr-access/plugin-ecr-access-node/clients';
import pLimit from 'p-limit';
import { allPages } from './awsPages';
import { describeError } from './errors';
import type { CountOperation } from './roleFacts';

/*
 * The roles of nodes in no EKS managed node group (self-managed groups, Karpenter): each
 * node's instance from its `spec.providerID`, the instance's profile from
 * `ec2:DescribeInstances`, the profile's role from `iam:GetInstanceProfile`.
 */

/** DescribeInstances takes at most 1000 instance IDs per call. */
const MAX_IDS_PER_CALL = 1000;
const NODE_GROUP_LABEL = 'eks.amazonaws.com/nodegroup';

/** A node the EC2 path must describe: its name and instance ID. */
interface InstanceNode {
  name: string;
  instanceId: string;
}

/** What the EC2 path found: profiles with their roles and nodes, and nodes left unread. */
export interface NodeInstanceProfilesRead {
  profiles: NodeInstanceProfile[];
  unread: UnreadNodeInstanceProfiles[];
}

/**
 * EC2 nodes whose role no managed node group answered: no node group label, or the label of a
 * group that was not read. Fargate nodes pull with the pod execution role and are left out.
 */
export function nodesToDescribe(
  nodes: unknown[],
  groupsRead: ReadonlySet<string> | undefined,
): InstanceNode[] {
  return nodes.flatMap(node => {
    const n = node as {
      metadata?: { name?: unknown; labels?: Record<string, unknown> };
      spec?: { providerID?: unknown };
    };
    const labels = n?.metadata?.labels ?? {};
    const group = labels[NODE_GROUP_LABEL];
    if (typeof group === 'string' && groupsRead?.has(group)) return [];
    if (labels['eks.amazonaws.com/compute-type'] === 'fargate') return [];
    const name = n?.metadata?.name;
    const id = /^aws:\/\/\/[^/]+\/(i-[0-9a-f]+)$/.exec(
      String(n?.spec?.providerID ?? ''),
    )?.[1];
    return typeof name === 'string' && id ? [{ name, instanceId: id }] : [];
  });
}

/** Instance ID → instance profile ARN, batch by batch; a failed batch's nodes are unread. */
async function describeProfiles(
  ec2: EC2Client,
  nodes: InstanceNode[],
  count: CountOperation,
  unread: UnreadNodeInstanceProfiles[],
): Promise<Map<string, string>> {
  const profileOf = new Map<string, string>();
  for (let i = 0; i < nodes.length; i += MAX_IDS_PER_CALL) {
    const batch = nodes.slice(i, i + MAX_IDS_PER_CALL);
    try {
      const pages = paginateDescribeInstances(
        { client: ec2 },
        { InstanceIds: batch.map(n => n.instanceId) },
      );
      const instances = await allPages(
        pages,
        () => count('ec2:DescribeInstances'),
        page => (page.Reservations ?? []).flatMap(r => r.Instances ?? []),
      );
      for (const instance of instances) {
        const arn = instance.IamInstanceProfile?.Arn;
        if (instance.InstanceId && arn) profileOf.set(instance.InstanceId, arn);
      }
    } catch (error) {
      unread.push({
        nodes: batch.map(n => n.name),
        reason: `ec2:DescribeInstances: ${describeError(error)}`,
      });
    }
  }
  return profileOf;
}

/** `arn:aws:iam::111122223333:instance-profile/path/name` → `name`. */
function profileName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

/** The roles of one profile, by name; a failure leaves its nodes unread. */
async function profileRoles(
  iam: IAMClient,
  name: string,
  count: CountOperation,
): Promise<string[]> {
  count('iam:GetInstanceProfile');
  const { InstanceProfile } = await iam.send(
    new GetInstanceProfileCommand({ InstanceProfileName: name }),
  );
  return (InstanceProfile?.Roles ?? []).flatMap(r => (r.Arn ? [r.Arn] : []));
}

/**
 * Profile ARN → the names of its nodes. A node whose instance was answered without a profile,
 * or not at all (another account, terminated since the Nodes were listed), is unread with why
 * (its kubelet's role is unknown), never dropped: dropped, the other node roles would be taken
 * for all there are. Nodes of a batch that failed are unread already.
 */
function nodesByProfile(
  nodes: InstanceNode[],
  profileOf: ReadonlyMap<string, string>,
  unread: UnreadNodeInstanceProfiles[],
): Map<string, string[]> {
  const nodesOf = new Map<string, string[]>();
  const alreadyUnread = new Set(unread.flatMap(u => u.nodes));
  const withoutProfile: string[] = [];
  for (const node of nodes) {
    const arn = profileOf.get(node.instanceId);
    if (arn) nodesOf.set(arn, [...(nodesOf.get(arn) ?? []), node.name]);
    else if (!alreadyUnread.has(node.name)) withoutProfile.push(node.name);
  }
  if (withoutProfile.length) {
    unread.push({
      nodes: withoutProfile,
      reason:
        'ec2:DescribeInstances returned no instance profile for their instances',
    });
  }
  return nodesOf;
}

/**
 * The instance profiles of the cluster's EC2 nodes that no managed node group covers, and
 * their roles: `ec2:DescribeInstances` at most 1000 instance IDs a call, then
 * `iam:GetInstanceProfile` once per distinct profile. Nothing is asked when every node is in
 * a node group that was read.
 */
export async function readNodeInstanceProfiles(
  clients: { ec2: () => Promise<EC2Client>; iam: () => Promise<IAMClient> },
  nodes: InstanceNode[],
  count: CountOperation,
): Promise<NodeInstanceProfilesRead> {
  const unread: UnreadNodeInstanceProfiles[] = [];
  if (!nodes.length) return { profiles: [], unread };
  const profileOf = await describeProfiles(
    await clients.ec2(),
    nodes,
    count,
    unread,
  );
  const nodesOf = nodesByProfile(nodes, profileOf, unread);
  if (!nodesOf.size) return { profiles: [], unread };
  const iam = await clients.iam();
  const limit = pLimit(4);
  const profiles = await Promise.all(
    [...nodesOf].map(([arn, names]) =>
      limit(async () => {
        const name = profileName(arn);
        try {
          const roleArns = await profileRoles(iam, name, count);
          return [{ name, roleArns, nodes: names }];
        } catch (error) {
          const reason = `iam:GetInstanceProfile ${name}: ${describeError(
            error,
          )}`;
          unread.push({ nodes: names, reason });
          return [];
        }
      }),
    ),
  );
  return { profiles: profiles.flat(), unread };
}

/**
 * {@link readNodeInstanceProfiles} for one cluster, with its account's clients: the nodes no
 * node group that was read covers. A client that cannot be built leaves them all unread.
 */
export async function readClusterNodeInstanceProfiles(
  clients: Pick<AwsClients, 'ec2' | 'iam'>,
  cluster: Pick<EcrAccessCluster, 'accountId' | 'region'>,
  nodes: unknown[] | undefined,
  nodeGroups: NodeGroup[] | undefined,
  count: CountOperation,
): Promise<NodeInstanceProfilesRead> {
  const groupsRead = nodeGroups && new Set(nodeGroups.map(g => g.name));
  const toDescribe = nodesToDescribe(nodes ?? [], groupsRead);
  try {
    return await readNodeInstanceProfiles(
      {
        ec2: () => clients.ec2(cluster.accountId, cluster.region),
        iam: () => clients.iam(cluster.accountId),
      },
      toDescribe,
      count,
    );
  } catch (error) {
    const reason = `EC2/IAM clients: ${describeError(error)}`;
    return {
      profiles: [],
      unread: [{ nodes: toDescribe.map(n => n.name), reason }],
    };
  }
}
