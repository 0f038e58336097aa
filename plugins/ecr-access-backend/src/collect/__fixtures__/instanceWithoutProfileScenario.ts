import type { ScenarioInput } from '@ecr-access/sandbox';
import { INSTANCE_PROFILES_SCENARIO } from './instanceProfilesScenario';

// Cluster `mixed` as in INSTANCE_PROFILES_SCENARIO, but its two Karpenter nodes run with a
// profile whose role pulls like the node group's, and one more self-managed node runs on an
// instance launched without an instance profile. Every role that can be read pulls `web`'s
// image; the third node's kubelet has no role at all, and pods of `web` may land on it.

/** The self-managed group whose instance has no instance profile. */
export const BARE_GROUP = 'bare';

export const INSTANCE_WITHOUT_PROFILE_SCENARIO: ScenarioInput = {
  ...INSTANCE_PROFILES_SCENARIO,
  name: 'instance-without-profile',
  clusters: INSTANCE_PROFILES_SCENARIO.clusters!.map(c => ({
    ...c,
    selfManagedNodes: [
      { ...c.selfManagedNodes![0], role: 'eks-node-pullonly' },
      { name: BARE_GROUP, nodes: 1 },
    ],
  })),
};

/**
 * The same without `nodeRole`: EKS manages no node group of `mixed`, and its two default
 * nodes run on instances of a self-managed group's profile (the sandbox's
 * `mixed-NodeInstanceProfile`, holding `mixed-NodeInstanceRole`).
 */
export const WITHOUT_NODE_ROLE_SCENARIO: ScenarioInput = {
  ...INSTANCE_WITHOUT_PROFILE_SCENARIO,
  clusters: INSTANCE_WITHOUT_PROFILE_SCENARIO.clusters!.map(
    ({ nodeRole: _, ...c }) => c,
  ),
};
