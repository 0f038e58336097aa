import { asArray, asRecord, asString, metaOf } from './k8sJson';
import {
  mayRunOn,
  nodeTarget,
  PlacementTarget,
  podPlacement,
} from './placement';
import { ClusterSnapshot } from './snapshot';
import { IRSA_AUDIENCE } from './trust';

/*
 * Preflight of a cluster declared `imagePullAuth: service-account-token` (KEP-4412), from what
 * the Kubernetes API shows: every node's kubelet is 1.34 or later (the feature's beta, on by
 * default), and RBAC lets nodes request tokens for the `sts.amazonaws.com` audience (verb
 * `request-serviceaccounts-token-audience`, enforced by the NodeRestriction admission plugin
 * since ServiceAccountNodeAudienceRestriction). The node's CredentialProviderConfig is not
 * visible through the API, which is why the mode is declared at all.
 */

/** Kubelets older than this cannot hand the credential provider a service-account token. */
export const MIN_KUBELET = { major: 1, minor: 34 };

/** The verb that lets a kubelet request a token for an audience (Kubernetes "Node authorization"). */
export const AUDIENCE_VERB = 'request-serviceaccounts-token-audience';

/** Outcome of the preflight of one cluster. @internal */
export interface CredentialProviderPreflight {
  /** `ready`, `not-ready` (a problem is known) or `unknown` (what decides it was not read). */
  state: 'ready' | 'not-ready' | 'unknown';
  /** What is wrong, naming nodes and RBAC. */
  problems: string[];
  /** What could not be read or understood. */
  unknowns: string[];
}

function isFargateNode(node: unknown): boolean {
  return metaOf(node).labels['eks.amazonaws.com/compute-type'] === 'fargate';
}

/** `v1.34.2-eks-113cf36` → [1, 34]; undefined when not a version. */
function kubeletVersion(node: unknown): [number, number] | undefined {
  const info = asRecord(asRecord(asRecord(node)?.status)?.nodeInfo);
  const match = /^v?(\d+)\.(\d+)/.exec(asString(info?.kubeletVersion) ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** One node as the preflight sees it: where pods may be placed, and its kubelet. */
interface PreflightNode extends PlacementTarget {
  name: string;
  /** `[major, minor]`, or undefined when unreadable. */
  version?: [number, number];
}

function nodesOf(snapshot: ClusterSnapshot): PreflightNode[] {
  return asArray(snapshot.nodes)
    .filter(n => !isFargateNode(n))
    .map(n => ({
      ...nodeTarget(n),
      name: metaOf(n).name ?? 'a node without a name',
      version: kubeletVersion(n),
    }));
}

function isOld([major, minor]: [number, number]): boolean {
  return (
    major < MIN_KUBELET.major ||
    (major === MIN_KUBELET.major && minor < MIN_KUBELET.minor)
  );
}

/** Kubelet findings over the nodes the pod may run on. */
function nodeFindings(
  clusterName: string,
  nodes: PreflightNode[],
  out: Preflight,
): void {
  if (nodes.length === 0) {
    out.unknowns.push(`no EC2 node of ${clusterName} may run these pods`);
  }
  const old: string[] = [];
  for (const node of nodes) {
    if (!node.version) {
      out.unknowns.push(
        `the kubelet version of node ${node.name} is not readable`,
      );
    } else if (isOld(node.version)) {
      old.push(`${node.name} (v${node.version[0]}.${node.version[1]})`);
    }
  }
  if (old.length) {
    const shown = old.slice(0, 3).join(', ');
    const more = old.length > 3 ? ` and ${old.length - 3} more` : '';
    out.problems.push(
      `kubelets older than ${MIN_KUBELET.major}.${MIN_KUBELET.minor} on ${shown}${more}`,
    );
  }
}

type Preflight = Pick<CredentialProviderPreflight, 'problems' | 'unknowns'>;

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** The rule's resourceNames when it grants the audience verb on sts.amazonaws.com; else undefined. */
function audienceGrant(rule: unknown): string[] | undefined {
  const r = asRecord(rule);
  if (!r) return undefined;
  const verbs = strings(r.verbs);
  const groups = strings(r.apiGroups);
  const resources = strings(r.resources);
  const grants =
    (verbs.includes(AUDIENCE_VERB) || verbs.includes('*')) &&
    (groups.includes('') || groups.includes('*')) &&
    (resources.includes(IRSA_AUDIENCE) || resources.includes('*'));
  return grants ? strings(r.resourceNames) : undefined;
}

/** A binding subject that every node's kubelet is: the group system:nodes. */
function bindsNodes(binding: unknown): boolean {
  return asArray(asRecord(binding)?.subjects).some(s => {
    const subject = asRecord(s);
    return subject?.kind === 'Group' && subject.name === 'system:nodes';
  });
}

/**
 * The ServiceAccounts nodes may request `sts.amazonaws.com` tokens for: `all`, the names a
 * grant is limited to, or none.
 */
function nodeAudienceGrant(snapshot: ClusterSnapshot): 'all' | string[] {
  const roles = new Map(
    asArray(snapshot.clusterRoles).map(r => [metaOf(r).name, r] as const),
  );
  const names = new Set<string>();
  for (const binding of asArray(snapshot.clusterRoleBindings)) {
    const ref = asRecord(asRecord(binding)?.roleRef);
    if (ref?.kind !== 'ClusterRole' || !bindsNodes(binding)) continue;
    const role = roles.get(asString(ref.name));
    for (const rule of asArray(asRecord(role)?.rules)) {
      const limited = audienceGrant(rule);
      if (limited === undefined) continue;
      if (limited.length === 0) return 'all';
      limited.forEach(n => names.add(n));
    }
  }
  return [...names].sort();
}

function rbacFindings(
  snapshot: ClusterSnapshot,
  out: Preflight,
): string[] | undefined {
  const forbidden = snapshot.forbidden;
  // Absent lists were not read (a caller that built the snapshot without them): only a list
  // that was read and holds no grant is a problem; anything else is unknown.
  const unread =
    forbidden?.clusterRoles ||
    forbidden?.clusterRoleBindings ||
    !Array.isArray(snapshot.clusterRoles) ||
    !Array.isArray(snapshot.clusterRoleBindings);
  if (unread) {
    out.unknowns.push(
      `ClusterRoles or ClusterRoleBindings could not be listed in ${snapshot.cluster.name}, so whether nodes may request ${IRSA_AUDIENCE} tokens is unknown`,
    );
    return undefined;
  }
  const grant = nodeAudienceGrant(snapshot);
  if (grant === 'all') return undefined;
  if (grant.length === 0) {
    out.problems.push(
      `no ClusterRole bound to the group system:nodes grants ${AUDIENCE_VERB} on ${IRSA_AUDIENCE}`,
    );
    return undefined;
  }
  return grant;
}

/** The cluster-wide part of the preflight, computed once per cluster. @internal */
export interface ClusterPreflight {
  /** Whether the cluster is declared to pull with service-account tokens. */
  declared: boolean;
  /** RBAC problems and unknowns, and the unknown node list. */
  problems: string[];
  unknowns: string[];
  /** The cluster's EC2 nodes; undefined when they could not be listed. */
  nodes?: PreflightNode[];
  /** The nodes each distinct placement may run on, found once per cluster. */
  placed: Map<string, PreflightNode[]>;
  /** ServiceAccount names a limited audience grant covers. */
  serviceAccounts?: string[];
  clusterName: string;
}

/**
 * The cluster-wide preflight of a `service-account-token` cluster: RBAC and the nodes. Any
 * other cluster does not use the provider.
 *
 * @internal
 */
export function credentialProviderPreflight(
  snapshot: ClusterSnapshot,
): ClusterPreflight {
  const clusterName = snapshot.cluster.name;
  const out: Preflight = { problems: [], unknowns: [] };
  if (snapshot.cluster.imagePullAuth !== 'service-account-token') {
    return { declared: false, clusterName, ...out, placed: new Map() };
  }
  const serviceAccounts = rbacFindings(snapshot, out);
  const unread = snapshot.forbidden?.nodes || !Array.isArray(snapshot.nodes);
  if (unread) {
    out.unknowns.push(
      `Nodes could not be listed in ${clusterName}, so the kubelet versions are unknown`,
    );
  }
  return {
    declared: true,
    clusterName,
    ...out,
    placed: new Map(),
    ...(!unread && { nodes: nodesOf(snapshot) }),
    ...(serviceAccounts && { serviceAccounts }),
  };
}

/** The cluster's nodes a pod of this spec may be scheduled on (placement.ts). */
function placedNodes(
  cluster: ClusterPreflight,
  podSpec: Record<string, unknown> | undefined,
): PreflightNode[] {
  const placement = podPlacement(podSpec);
  let nodes = cluster.placed.get(placement.key);
  if (!nodes) {
    nodes = (cluster.nodes ?? []).filter(n => mayRunOn(n, placement));
    cluster.placed.set(placement.key, nodes);
  }
  return nodes;
}

/**
 * The preflight as it applies to one workload: the nodes its pods may run on, and its
 * ServiceAccount when the audience grant is limited to some.
 *
 * @internal
 */
export function preflightFor(
  cluster: ClusterPreflight,
  serviceAccount: string,
  podSpec: Record<string, unknown> | undefined,
): CredentialProviderPreflight {
  if (!cluster.declared) return { state: 'ready', problems: [], unknowns: [] };
  const out: Preflight = {
    problems: [...cluster.problems],
    unknowns: [...cluster.unknowns],
  };
  if (cluster.nodes) {
    nodeFindings(cluster.clusterName, placedNodes(cluster, podSpec), out);
  }
  const limited = cluster.serviceAccounts;
  if (limited && !limited.includes(serviceAccount)) {
    out.problems.push(
      `the ClusterRoles bound to system:nodes grant ${AUDIENCE_VERB} on ${IRSA_AUDIENCE} only for ServiceAccounts ${limited.join(
        ', ',
      )}`,
    );
  }
  let state: CredentialProviderPreflight['state'] = 'ready';
  if (out.problems.length) state = 'not-ready';
  else if (out.unknowns.length) state = 'unknown';
  return { state, ...out };
}
