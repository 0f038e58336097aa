import { createHash } from 'node:crypto';
import { roleArn } from '../scenario/derived';
import { ScenarioCluster } from '../scenario/schema';
import { nodeName } from '../k8s/seedPods';

/**
 * The EC2 instance ID of a node (`spec.providerID` is `aws:///<zone>/<instance ID>`), derived
 * from its host name so that the Kubernetes seed and EC2 agree.
 */
export function instanceIdOf(host: string): string {
  return `i-0${createHash('md5').update(host).digest('hex').slice(0, 16)}`;
}

/** A node of a managed node group, as EC2 sees it. */
export interface ManagedNodeInstance {
  host: string;
  instanceId: string;
  group: string;
  /** The group's node role; none for the default group of a cluster without `nodeRole`. */
  roleArn?: string;
}

const toRoleArn = (spec: ScenarioCluster, role: string) =>
  role.startsWith('arn:') ? role : roleArn(spec.account, '/', role);

/**
 * The nodes of the cluster's managed node groups (the default group, then `nodeGroups`), in
 * the order the Kubernetes seed names them.
 */
export function managedNodeInstancesOf(
  spec: ScenarioCluster,
): ManagedNodeInstance[] {
  const groups = [
    { name: 'default', nodes: spec.nodes, role: spec.nodeRole },
    ...spec.nodeGroups.map(g => ({
      name: g.name,
      nodes: g.nodes,
      role: g.nodeRole as string | undefined,
    })),
  ];
  let index = 0;
  return groups.flatMap(group =>
    Array.from({ length: group.nodes }, () => {
      const host = nodeName(spec, index++);
      return {
        host,
        instanceId: instanceIdOf(host),
        group: group.name,
        ...(group.role && { roleArn: toRoleArn(spec, group.role) }),
      };
    }),
  );
}

/** One node of a self-managed group, as both Kubernetes and EC2 see it. */
export interface SelfManagedNode {
  host: string;
  instanceId: string;
  group: string;
  version: string;
  /** None for an instance launched without one: its kubelet has no role to pull with. */
  instanceProfile?: string;
  roleArn?: string;
  /** The group's labels and taints, on each of its nodes. */
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
}

/**
 * A self-managed node's host name, in a subnet of its own (10.128.0.0/10): unlike the managed
 * nodes' hashed names, distinct for every index, so that large groups have no duplicates.
 */
function selfManagedHost(spec: ScenarioCluster, index: number): string {
  const domain =
    spec.region === 'us-east-1'
      ? 'ec2.internal'
      : `${spec.region}.compute.internal`;
  // From .10, as the first addresses of an AWS subnet are reserved.
  const host = index + 10;
  const octets = [128 + (host >> 16), (host >> 8) & 255, host & 255];
  return `ip-10-${octets.join('-')}.${domain}`;
}

/** The cluster's self-managed nodes (`selfManagedNodes`), in scenario order. */
export function selfManagedNodesOf(spec: ScenarioCluster): SelfManagedNode[] {
  let index = 0;
  return spec.selfManagedNodes.flatMap(group =>
    Array.from({ length: group.nodes }, () => {
      const host = selfManagedHost(spec, index++);
      return {
        host,
        instanceId: instanceIdOf(host),
        group: group.name,
        version: group.kubeletVersion ?? spec.version,
        labels: group.labels,
        taints: group.taints,
        ...(group.instanceProfile &&
          group.role && {
            instanceProfile: group.instanceProfile,
            roleArn: toRoleArn(spec, group.role),
          }),
      };
    }),
  );
}
