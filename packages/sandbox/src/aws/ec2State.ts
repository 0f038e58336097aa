import { createHash } from 'node:crypto';
import { iamUniqueId } from '../scenario/derived';
import { Scenario, ScenarioCluster } from '../scenario/schema';
import { resolveTime } from '../time';
import { addDefaultNodeRole, defaultNodeProfileOf } from './defaultNodeRole';
import { AwsAccount, AwsState, InstanceProfile } from './model';
import { managedNodeInstancesOf, selfManagedNodesOf } from './selfManagedNodes';

/** The account's instance profile of that name, created with its role on first use. */
function profileFor(
  account: AwsAccount,
  name: string,
  roleArn: string,
  now: Date,
): InstanceProfile {
  let profile = account.instanceProfiles.get(name);
  if (!profile) {
    profile = {
      name,
      path: '/',
      arn: `arn:aws:iam::${account.id}:instance-profile/${name}`,
      id: iamUniqueId('AIPA', `${account.id}/${name}`),
      roleArn,
      createDate: resolveTime('100d ago', now),
    };
    account.instanceProfiles.set(name, profile);
  }
  return profile;
}

/** The self-managed node group's profile of the default nodes of a cluster without `nodeRole`. */
function defaultProfileOf(
  cluster: ScenarioCluster,
  account: AwsAccount,
  now: Date,
): InstanceProfile {
  const names = defaultNodeProfileOf(cluster);
  const arn = addDefaultNodeRole(account, names.role, now);
  return profileFor(account, names.instanceProfile, arn, now);
}

/**
 * Every node's instance: a managed node group's with the profile EKS creates for it
 * (`eks-<id>`, holding the group's node role), a self-managed node's with the scenario's
 * profile (or none where the scenario gives it none), and the default group of a cluster
 * without `nodeRole` with the profile of a self-managed node group (see defaultNodeRole).
 */
function instancesOf(cluster: ScenarioCluster, account: AwsAccount, now: Date) {
  const managed = managedNodeInstancesOf(cluster).map(node => {
    if (!node.roleArn) {
      const profile = defaultProfileOf(cluster, account, now);
      return { instanceId: node.instanceId, profile };
    }
    const id = createHash('sha1')
      .update(`${cluster.name}/${node.group}`)
      .digest('hex');
    const name = `eks-${id.slice(0, 8)}-${id.slice(8, 12)}`;
    return {
      instanceId: node.instanceId,
      profile: profileFor(account, name, node.roleArn, now),
    };
  });
  const selfManaged = selfManagedNodesOf(cluster).map(node => ({
    instanceId: node.instanceId,
    profile:
      node.instanceProfile && node.roleArn
        ? profileFor(account, node.instanceProfile, node.roleArn, now)
        : undefined,
  }));
  return [...managed, ...selfManaged];
}

/** The EC2 instances of the scenario's nodes and their instance profiles. */
export function addNodeInstances(
  state: AwsState,
  scenario: Scenario,
  now: Date,
): void {
  for (const cluster of scenario.clusters) {
    const account = state.accounts.get(cluster.account);
    if (!account) continue;
    for (const { instanceId, profile } of instancesOf(cluster, account, now)) {
      state.instances.set(instanceId, {
        instanceId,
        account: cluster.account,
        region: cluster.region,
        zone: `${cluster.region}a`,
        ...(profile && {
          instanceProfileArn: profile.arn,
          instanceProfileId: profile.id,
        }),
        launchTime: resolveTime('7d ago', now),
      });
    }
  }
}
