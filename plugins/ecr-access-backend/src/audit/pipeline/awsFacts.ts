import type {
  ClusterSnapshot,
  EntitySelector,
  FargateProfile,
  IamFacts,
  NodeGroup,
  NodeInstanceProfile,
  PodIdentityAssociation,
  UnreadNodeInstanceProfiles,
} from '@ecr-access/plugin-ecr-access-node';
import { awsFactsNeeded } from '@ecr-access/plugin-ecr-access-node';
import type {
  AwsClients,
  EcrAccessCluster,
} from '@ecr-access/plugin-ecr-access-node/clients';
import { readAwsFacts } from '../../collect/awsFacts';
import {
  describeIssuer,
  readNodeGroups,
  readPodIdentityAssociations,
} from '../../collect/clusterAwsFacts';
import { describeError } from '../../collect/errors';
import {
  FargateProfilesUnreadable,
  readFargateProfiles,
} from '../../collect/fargateProfiles';
import { readClusterNodeInstanceProfiles } from '../../collect/nodeInstanceProfiles';
import type { RecordedRunError } from '../../database';

/** What AWS says about one cluster and what its workloads refer to. */
export interface ClusterAwsFacts {
  /** The cluster's OIDC issuer, read when the config does not give it. */
  oidcIssuer?: string;
  podIdentityAssociations?: PodIdentityAssociation[];
  /** The EKS managed node groups and their node roles; absent when not read. */
  nodeGroups?: NodeGroup[];
  /** True when the node groups could not be read (their roles are then unknown). */
  nodeGroupsUnreadable?: boolean;
  /** Instance profiles of the nodes no managed node group covers, with their roles. */
  nodeInstanceProfiles?: NodeInstanceProfile[];
  /** Those nodes whose profile could not be read, and why. */
  nodeInstanceProfilesUnread?: UnreadNodeInstanceProfiles[];
  /** The cluster's ACTIVE Fargate profiles; absent when not read. */
  fargateProfiles?: FargateProfile[];
  /** Why the Fargate profiles could not be read. */
  fargateProfilesUnread?: string[];
  /** Roles, OIDC providers and repositories; what could not be read is left out. */
  iam: IamFacts;
  /** AWS requests made. */
  requests: number;
  errors: RecordedRunError[];
}

/** No AWS fact: for a run that read nothing from its cluster. */
export const NO_AWS_FACTS: ClusterAwsFacts = {
  iam: { roles: [], oidcProviders: {}, repositories: [] },
  requests: 0,
  errors: [],
};

type EksFacts = Pick<ClusterAwsFacts, 'oidcIssuer' | 'podIdentityAssociations'>;

/**
 * Fills in the cluster's EKS facts: its issuer (when not configured), then its Pod Identity
 * associations. What was read before a failure stays.
 */
async function readEksFacts(
  clients: AwsClients,
  cluster: EcrAccessCluster,
  facts: EksFacts,
  count: () => void,
): Promise<void> {
  const eks = await clients.eks(cluster.accountId, cluster.region);
  if (!cluster.oidcIssuer) {
    facts.oidcIssuer = await describeIssuer(eks, cluster.name, count);
  }
  facts.podIdentityAssociations = await readPodIdentityAssociations(
    eks,
    cluster.name,
    count,
  );
}

type NodeRoleFacts = Pick<
  ClusterAwsFacts,
  | 'nodeGroups'
  | 'nodeGroupsUnreadable'
  | 'nodeInstanceProfiles'
  | 'nodeInstanceProfilesUnread'
>;

/**
 * Where the node roles come from: the EKS managed node groups, then the instance profiles of
 * the nodes no node group that was read covers. Apart from the rest: what cannot be read
 * leaves only the node roles unknown.
 */
async function readNodeRoleFacts(
  clients: AwsClients,
  cluster: EcrAccessCluster,
  nodes: unknown[] | undefined,
  count: () => void,
  errors: RecordedRunError[],
): Promise<NodeRoleFacts> {
  const facts: NodeRoleFacts = {};
  try {
    const eks = await clients.eks(cluster.accountId, cluster.region);
    facts.nodeGroups = await readNodeGroups(eks, cluster.name, count);
  } catch (error) {
    facts.nodeGroupsUnreadable = true;
    const message = `EKS node groups: ${describeError(error)}`;
    errors.push({ cluster: cluster.name, message });
  }
  const { profiles, unread } = await readClusterNodeInstanceProfiles(
    clients,
    cluster,
    nodes,
    facts.nodeGroups,
    count,
  );
  unread.forEach(u =>
    errors.push({ cluster: cluster.name, message: u.reason }),
  );
  if (profiles.length) facts.nodeInstanceProfiles = profiles;
  if (unread.length) facts.nodeInstanceProfilesUnread = unread;
  return facts;
}

type FargateFacts = Pick<
  ClusterAwsFacts,
  'fargateProfiles' | 'fargateProfilesUnread'
>;

/**
 * The cluster's Fargate profiles, which decide which pods pull with a pod execution role.
 * Apart from the rest: what cannot be read leaves only the Fargate placement unknown.
 */
async function readFargateFacts(
  clients: AwsClients,
  cluster: EcrAccessCluster,
  count: () => void,
  errors: RecordedRunError[],
): Promise<FargateFacts> {
  try {
    const eks = await clients.eks(cluster.accountId, cluster.region);
    return {
      fargateProfiles: await readFargateProfiles(eks, cluster.name, count),
    };
  } catch (error) {
    // A read's own failure names its operation; a client that could not be made, its error.
    const reason =
      error instanceof FargateProfilesUnreadable
        ? error.message
        : describeError(error);
    errors.push({
      cluster: cluster.name,
      message: `EKS Fargate profiles: ${reason}`,
    });
    return { fargateProfilesUnread: [reason] };
  }
}

/**
 * Stage 2, AWS facts: everything the collected objects refer to, each read once (roles,
 * OIDC providers, repositories), and the cluster's EKS facts. A failure leaves the facts it
 * concerns unknown (the engine then says `unknown`, never guesses) and is recorded. With
 * `only.entities`, only what those entities' workloads use ({@link awsFactsNeeded}).
 */
export async function readClusterAwsFacts(
  clients: AwsClients,
  cluster: EcrAccessCluster,
  snapshot: ClusterSnapshot,
  only: { entities?: EntitySelector[] } = {},
): Promise<ClusterAwsFacts> {
  let requests = 0;
  const errors: RecordedRunError[] = [];
  const eksFacts: EksFacts = {};
  const count = () => {
    requests++;
  };
  try {
    await readEksFacts(clients, cluster, eksFacts, count);
  } catch (error) {
    const message = `EKS: ${describeError(error)}`;
    errors.push({ cluster: cluster.name, message });
  }
  const nodeRoles = await readNodeRoleFacts(
    clients,
    cluster,
    snapshot.nodes,
    count,
    errors,
  );
  const fargate = await readFargateFacts(clients, cluster, count, errors);
  // The roles of the node groups, instance profiles, Fargate profiles and associations are
  // read with the others.
  const withEks: ClusterSnapshot = {
    ...snapshot,
    ...(fargate.fargateProfiles && {
      fargateProfiles: fargate.fargateProfiles,
    }),
    ...(nodeRoles.nodeGroups && { nodeGroups: nodeRoles.nodeGroups }),
    ...(nodeRoles.nodeInstanceProfiles && {
      nodeInstanceProfiles: nodeRoles.nodeInstanceProfiles,
    }),
    ...(eksFacts.podIdentityAssociations && {
      podIdentityAssociations: eksFacts.podIdentityAssociations,
    }),
  };
  const result = await readAwsFacts(awsFactsNeeded(withEks, only), clients);
  result.errors.forEach(message =>
    errors.push({ cluster: cluster.name, message }),
  );
  requests += Object.values(result.operations).reduce((a, b) => a + b, 0);
  return {
    ...eksFacts,
    ...nodeRoles,
    ...fargate,
    iam: result.facts,
    requests,
    errors,
  };
}
