import { asArray, asRecord, asString } from './k8sJson';
import {
  mayRunOn,
  nodeTarget,
  PlacementTarget,
  podPlacement,
  PodPlacement,
  taintOf,
} from './placement';
import { ClusterSnapshot } from './snapshot';

/*
 * Which of a cluster's node roles a workload's pulls use: those of the nodes and managed node
 * groups its pods may be scheduled on. Configured roles (`nodeRoleArns`) say nothing of their
 * nodes, so they count for every pod.
 */

const NODEGROUP_LABEL = 'eks.amazonaws.com/nodegroup';

/**
 * Labels the kubelet, EKS or the cloud provider set on each node (its zone, instance type,
 * architecture), which a node group's description does not hold. Karpenter's own labels
 * (karpenter.sh, karpenter.k8s.aws) are set on the nodes it launches only, never on a managed
 * node group's.
 */
function setOnEachNode(key: string): boolean {
  const slash = key.indexOf('/');
  const domain = slash < 0 ? '' : key.slice(0, slash);
  if (domain.startsWith('karpenter.')) return false;
  return (
    domain.endsWith('kubernetes.io') ||
    domain.endsWith('k8s.io') ||
    domain.endsWith('k8s.aws') ||
    domain === 'eks.amazonaws.com'
  );
}

/**
 * The nodes a managed node group launches, as eks:DescribeNodegroup describes them: its
 * labels and taints and the node group label. A group scaled to zero is placed by this alone.
 */
function groupTemplate(group: Record<string, unknown>): PlacementTarget {
  const declared = asRecord(group.labels);
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(declared ?? {})) {
    if (typeof v === 'string') labels[k] = v;
  }
  labels[NODEGROUP_LABEL] = asString(group.name) ?? '';
  // Labels that were not read may be anything: they never exclude the group.
  const unknownLabel = (key: string) =>
    !(key in labels) && (declared === undefined || setOnEachNode(key));
  const taints = asArray(group.taints).flatMap(taintOf);
  return { labels, taints, unknownLabel };
}

/** Where one role's nodes are: `everywhere` when its nodes are not known. */
type RoleTargets = PlacementTarget[] | 'everywhere';

function nodesByName(snapshot: ClusterSnapshot) {
  const byName = new Map<string, PlacementTarget>();
  for (const node of asArray(snapshot.nodes)) {
    const target = nodeTarget(node);
    if (target.name) byName.set(target.name, target);
  }
  return byName;
}

/** The named nodes; `everywhere` when the list does not hold one (it cannot be placed). */
function targetsOfNodes(
  nodes: Map<string, PlacementTarget>,
  names: string[],
): RoleTargets {
  const found = names.flatMap(n => nodes.get(n) ?? []);
  return found.length < names.length ? 'everywhere' : found;
}

/** The targets of each role found in the snapshot (config roles are `everywhere`). */
function roleTargets(snapshot: ClusterSnapshot): Map<string, RoleTargets> {
  const nodes = nodesByName(snapshot);
  const out = new Map<string, RoleTargets>();
  const add = (arn: string, targets: RoleTargets) => {
    const had = out.get(arn);
    if (had === 'everywhere' || targets === 'everywhere') {
      out.set(arn, 'everywhere');
    } else out.set(arn, [...(had ?? []), ...targets]);
  };
  (snapshot.cluster.nodeRoleArns ?? []).forEach(arn => add(arn, 'everywhere'));
  for (const g of asArray(snapshot.nodeGroups).map(asRecord)) {
    const arn = asString(g?.nodeRoleArn);
    if (!g || !arn || !asString(g.name)) continue;
    const members = [...nodes.values()].filter(
      n => n.labels[NODEGROUP_LABEL] === g.name,
    );
    add(arn, [groupTemplate(g), ...members]);
  }
  for (const p of asArray(snapshot.nodeInstanceProfiles).map(asRecord)) {
    const names = asArray(p?.nodes).flatMap(n => asString(n) ?? []);
    const targets = targetsOfNodes(nodes, names);
    asArray(p?.roleArns).forEach(a => {
      const arn = asString(a);
      if (arn && asString(p?.name)) add(arn, targets);
    });
  }
  return out;
}

/** The roles a workload's pulls may use, and the placement they were chosen by. @internal */
export interface PlacedNodeRoles {
  arns: string[];
  placement: PodPlacement;
  /** The pod may run on a node whose instance profile (so whose role) could not be read. */
  onUnreadNodes: boolean;
}

/**
 * A cluster's node roles by where their nodes are, answering each distinct placement once.
 *
 * @internal
 */
export class NodeRolePlacement {
  private readonly targets: Map<string, RoleTargets>;
  private readonly unread: RoleTargets;
  private readonly answers = new Map<
    string,
    Omit<PlacedNodeRoles, 'placement'>
  >();

  constructor(
    snapshot: ClusterSnapshot,
    private readonly order: string[],
    unreadNodes: string[] = [],
  ) {
    this.targets = roleTargets(snapshot);
    this.unread = targetsOfNodes(nodesByName(snapshot), unreadNodes);
  }

  /** The roles, in the cluster's order, of the nodes a pod of this spec may run on. */
  rolesFor(podSpec: Record<string, unknown> | undefined): PlacedNodeRoles {
    const placement = podPlacement(podSpec);
    let answer = this.answers.get(placement.key);
    if (!answer) {
      const reaches = (targets: RoleTargets) =>
        targets === 'everywhere' || targets.some(t => mayRunOn(t, placement));
      answer = {
        arns: this.order.filter(arn =>
          reaches(this.targets.get(arn) ?? 'everywhere'),
        ),
        onUnreadNodes: reaches(this.unread),
      };
      this.answers.set(placement.key, answer);
    }
    return { ...answer, placement };
  }
}
