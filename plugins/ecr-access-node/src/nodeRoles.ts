import { createFinding, Finding } from '@ecr-access/plugin-ecr-access-common';
import { rolePolicies } from './ecrPermissions';
import { accountOfArn, findRole, IamFacts } from './iamFacts';
import { asArray, asRecord, asString } from './k8sJson';
import { NodeRolePlacement } from './nodeRolePlacement';
import { evaluateWithBoundary } from './policyEval';
import { ClusterSnapshot } from './snapshot';

/*
 * The nodes that pull (issue #20): the instance roles the kubelets' ecr-credential-provider
 * pulls with, from the cluster's config (`nodeRoleArns`), its EKS managed node groups
 * (`nodegroup.nodeRole`) and the instance profiles of its other EC2 nodes (self-managed node
 * groups, Karpenter), and whether each is broader than pulling needs.
 */

/** The node roles of one cluster, and where each was found. @internal */
export interface ClusterNodeRoles {
  /** Distinct role ARNs, config first, then node groups in name order. */
  arns: string[];
  /** For each ARN: `config`, `node group <name>` and/or `instance profile <name> (<nodes>)`. */
  sources: Record<string, string[]>;
  /** Why the node roles may be incomplete or unknown, when they may be. */
  unknown?: string;
  /**
   * The part of `unknown` that holds for every pod; the rest (nodes whose instance profile
   * could not be read) holds for the pods that may run on those nodes.
   */
  unknownWherever?: string;
  /** NODE_ROLE_TOO_BROAD of each role, evaluated once per cluster (with the IAM facts). */
  tooBroad: Finding[];
  /** The roles of the nodes a workload may run on (configured roles count for every pod). */
  placement: NodeRolePlacement;
}

/** Node groups as the engine can trust them: a name and a role ARN each. */
function nodeGroupsOf(snapshot: ClusterSnapshot) {
  return asArray(snapshot.nodeGroups)
    .map(asRecord)
    .flatMap(g => {
      const name = asString(g?.name);
      const arn = asString(g?.nodeRoleArn);
      return name && arn ? [{ name, nodeRoleArn: arn }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Instance profiles as the engine can trust them: a name, role ARNs and node names. */
function instanceProfilesOf(snapshot: ClusterSnapshot) {
  return asArray(snapshot.nodeInstanceProfiles)
    .map(asRecord)
    .flatMap(p => {
      const name = asString(p?.name);
      const roleArns = asArray(p?.roleArns).flatMap(a => asString(a) ?? []);
      const nodes = asArray(p?.nodes).flatMap(n => asString(n) ?? []);
      return name ? [{ name, roleArns, nodes }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The nodes, briefly: their names up to three, else their count. */
function nodesBriefly(nodes: string[]): string {
  if (nodes.length === 1) return `node ${nodes[0]}`;
  if (nodes.length <= 3) return `${nodes.length} nodes: ${nodes.join(', ')}`;
  return `${nodes.length} nodes`;
}

/**
 * Why some node roles are unknown: for every pod (`wherever`), and for the pods that may run
 * on the nodes whose instance profile could not be read (`onUnreadNodes`).
 */
function nodeRolesUnknown(snapshot: ClusterSnapshot) {
  const configured = (snapshot.cluster.nodeRoleArns ?? []).length > 0;
  const groupsUnread = snapshot.forbidden?.nodeGroups === true;
  // Nodes in no managed node group (self-managed, Karpenter) are found only in the Nodes list.
  const nodesUnread = snapshot.forbidden?.nodes === true;
  const unread = asArray(snapshot.nodeInstanceProfilesUnread).map(asRecord);
  const unreadNodes = unread.flatMap(u =>
    asArray(u?.nodes).flatMap(n => asString(n) ?? []),
  );
  const why = [
    ...new Set(unread.map(u => asString(u?.reason) ?? 'unknown error')),
  ].join('; ');
  const wherever = [
    ...(groupsUnread && !configured
      ? [
          `the EKS node groups of ${snapshot.cluster.name} could not be read and no nodeRoleArns are configured`,
        ]
      : []),
    // nodeRoleArns are documented as the roles of the nodes in no managed node group.
    ...(nodesUnread && !configured
      ? [
          `the Nodes of ${snapshot.cluster.name} could not be listed, so the roles of its nodes in no managed node group (self-managed, Karpenter) are unknown, and no nodeRoleArns are configured`,
        ]
      : []),
  ];
  // Configured roles may or may not be these nodes' roles: still unknown.
  const onUnreadNodes = unreadNodes.length
    ? [
        `the instance profiles of ${nodesBriefly(
          unreadNodes,
        )} (in no managed node group) of ${
          snapshot.cluster.name
        } could not be read (${why})`,
      ]
    : [];
  return { wherever, onUnreadNodes, unreadNodes };
}

const joined = (reasons: string[]) =>
  reasons.length ? reasons.join('; ') : undefined;

/**
 * The cluster's node roles: configured ones, those of its managed node groups and those of
 * its other nodes' instance profiles. Roles that could not be read are unknown, never "none".
 *
 * @internal
 */
export function clusterNodeRoles(
  snapshot: ClusterSnapshot,
  iam: IamFacts,
): ClusterNodeRoles {
  // Keyed by ARNs from config and the API: no prototype, so `constructor` is just a key.
  const sources: Record<string, string[]> = Object.create(null);
  const add = (arn: string, source: string) => {
    (sources[arn] ??= []).push(source);
  };
  (snapshot.cluster.nodeRoleArns ?? []).forEach(arn => add(arn, 'config'));
  nodeGroupsOf(snapshot).forEach(g =>
    add(g.nodeRoleArn, `node group ${g.name}`),
  );
  instanceProfilesOf(snapshot).forEach(p =>
    p.roleArns.forEach(arn =>
      add(arn, `instance profile ${p.name} (${nodesBriefly(p.nodes)})`),
    ),
  );
  const arns = Object.keys(sources);
  const why = nodeRolesUnknown(snapshot);
  const unknown = joined([...why.wherever, ...why.onUnreadNodes]);
  const unknownWherever = joined(why.wherever);
  const { name, region } = snapshot.cluster;
  const tooBroad = nodeRoleBreadthFindings(iam, arns, sources, name, region);
  const placement = new NodeRolePlacement(snapshot, arns, why.unreadNodes);
  return {
    arns,
    sources,
    ...(unknown && { unknown }),
    ...(unknownWherever && { unknownWherever }),
    tooBroad,
    placement,
  };
}

/**
 * ECR actions of AmazonEC2ContainerRegistryReadOnly beyond what
 * AmazonEC2ContainerRegistryPullOnly grants (both AWS managed policies' documents).
 */
const READ_BEYOND_PULL = [
  'ecr:DescribeRepositories',
  'ecr:ListImages',
  'ecr:DescribeImages',
  'ecr:GetRepositoryPolicy',
  'ecr:GetLifecyclePolicy',
  'ecr:ListTagsForResource',
  'ecr:DescribeImageScanFindings',
];

/** Writes (AmazonEC2ContainerRegistryPowerUser and wider). */
const WRITES = [
  'ecr:PutImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:BatchDeleteImage',
  'ecr:DeleteRepository',
  'ecr:SetRepositoryPolicy',
];

/**
 * What a node role may do with ECR beyond pulling, probed on a repository of its own account
 * (any repository: the node role serves every pod on the node): ecr:*, writes, or all the
 * reads AmazonEC2ContainerRegistryReadOnly adds. Empty when it is narrower; undefined when the
 * role or its policies were not read.
 *
 * @internal
 */
export function nodeRoleBreadth(
  iam: IamFacts,
  roleArn: string,
  region: string,
): string[] | undefined {
  const role = findRole(iam, roleArn);
  if (!role?.exists) return undefined;
  const policies = rolePolicies(role);
  if (!policies.ok) return undefined;
  const partition = /^arn:([^:]+):/.exec(roleArn)?.[1] ?? 'aws';
  const resource = `arn:${partition}:ecr:${region}:${
    accountOfArn(roleArn) ?? '000000000000'
  }:repository/ecr-access-probe/node-role`;
  const allowed = (action: string) =>
    evaluateWithBoundary(policies.identity, policies.boundary, {
      action,
      resource,
    }).decision === 'allow';
  if (allowed('ecr:ThisActionDoesNotExist')) {
    return ['every ECR action (ecr:* or *)'];
  }
  const writes = WRITES.filter(allowed);
  const reads = READ_BEYOND_PULL.filter(allowed);
  // "ReadOnly or wider": every read ReadOnly adds to pulling; one extra read alone is not it.
  const readOnly = reads.length === READ_BEYOND_PULL.length;
  return [
    ...(writes.length ? [`writes (${writes.join(', ')})`] : []),
    ...(readOnly
      ? [
          `every read of AmazonEC2ContainerRegistryReadOnly beyond pulling (${reads.join(
            ', ',
          )})`,
        ]
      : []),
  ];
}

/**
 * NODE_ROLE_TOO_BROAD for each node role that may do more than
 * AmazonEC2ContainerRegistryPullOnly: every pod on its nodes can use it.
 */
function nodeRoleBreadthFindings(
  iam: IamFacts,
  arns: string[],
  sources: Record<string, string[]>,
  clusterName: string,
  region: string,
): Finding[] {
  return arns.flatMap(arn => {
    const reasons = nodeRoleBreadth(iam, arn, region);
    if (!reasons?.length) return [];
    const where = sources[arn].join(', ');
    const text = `the node role ${arn} (${where}) of ${clusterName} is allowed ${reasons.join(
      ' and ',
    )}: AmazonEC2ContainerRegistryPullOnly is all the kubelet needs`;
    return [createFinding('NODE_ROLE_TOO_BROAD', `IAM role ${arn}`, text)];
  });
}
