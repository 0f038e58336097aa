import {
  ContainerStatus,
  createFinding,
  Finding,
} from '@ecr-access/plugin-ecr-access-common';
import { pullPolicyBreadth, rolePolicies } from './ecrPermissions';
import { accountOfArn, findRole } from './iamFacts';
import { WorkloadContext } from './classifyContext';

/** The runtime role's breadth is probed on a repository it was never meant for. */
function probeRepositoryArn(ctx: WorkloadContext, roleArn: string): string {
  const partition = ctx.cluster.partition ?? 'aws';
  const account = accountOfArn(roleArn) ?? ctx.cluster.accountId;
  return `arn:${partition}:ecr:${ctx.cluster.region}:${account}:repository/ecr-access-probe/runtime`;
}

/**
 * POLICY_TOO_BROAD on the pod's own role (`eks.amazonaws.com/role-arn`): a
 * runtime role that may write images or pull every repository is as much a
 * risk as a pull role that may (DESIGN.md, least privilege). The ECR pull
 * role in use is checked where it pulls; it is not checked twice here.
 *
 * @internal
 */
export function runtimeRoleBreadth(
  ctx: WorkloadContext,
  containers: ContainerStatus[],
): Finding[] {
  const roleArn = ctx.serviceAccount.roleArn;
  if (!roleArn || !accountOfArn(roleArn)) return [];
  const pullsWithIt =
    ctx.cluster.imagePullAuth === 'service-account-token' &&
    ctx.serviceAccount.ecrRoleArn === roleArn;
  if (pullsWithIt) return [];
  const role = findRole(ctx.iam, roleArn);
  if (!role?.exists) return []; // reported by the IRSA checks
  const policies = rolePolicies(role);
  if (!policies.ok) return []; // reported as INPUT_MALFORMED by the pull checks
  const repositoryArn =
    containers.find(c => c.repositoryArn)?.repositoryArn ??
    probeRepositoryArn(ctx, roleArn);
  const reasons = pullPolicyBreadth(policies, repositoryArn);
  if (reasons.length === 0) return [];
  const text = `the runtime role ${roleArn} (eks.amazonaws.com/role-arn of ${
    ctx.serviceAccount.name
  }): ${reasons.join('; ')}`;
  return [createFinding('POLICY_TOO_BROAD', `IAM role ${roleArn}`, text)];
}
