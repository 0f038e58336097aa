import { createHash } from 'node:crypto';
import { iamUniqueId } from '../scenario/derived';
import { Scenario, ScenarioCluster } from '../scenario/schema';
import { resolveTime } from '../time';
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

/**
 * Every node's instance: a managed node group's with the profile EKS creates for it
 * (`eks-<id>`, holding the group's node role), a self-managed node's with the scenario's
 * profile, and the default group of a cluster without `nodeRole` with none.
 */
function instancesOf(cluster: ScenarioCluster, account: AwsAccount, now: Date) {
  const managed = managedNodeInstancesOf(cluster).map(node => {
    const id = createHash('sha1')
      .update(`${cluster.name}/${node.group}`)
      .digest('hex');
    const name = `eks-${id.slice(0, 8)}-${id.slice(8, 12)}`;
    return {
      instanceId: node.instanceId,
      profile: node.roleArn && profileFor(account, name, node.roleArn, now),
    };
  });
  const selfManaged = selfManagedNodesOf(cluster).map(node => ({
    instanceId: node.instanceId,
    profile: profileFor(account, node.instanceProfile, node.roleArn, now),
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
