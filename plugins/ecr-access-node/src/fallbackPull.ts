import {
  Finding,
  PullAuth,
  severityToHealth,
  worstHealth,
} from '@ecr-access/plugin-ecr-access-common';
import { ECR_ROLE_ARN_ANNOTATION, WorkloadContext } from './classifyContext';
import { irsaRoleFindings } from './irsaChecks';
import {
  anyRolePullCheck,
  PullAbility,
  PullTarget,
  rolePullCheck,
} from './pullPrincipal';

/*
 * What the kubelet's credential provider pulls with when no pull secret serves the image
 * (DESIGN.md "Facts"): the node role, the Fargate pod execution role, or the ServiceAccount's
 * ECR pull role where pulls use service-account tokens.
 */

function nodeRoles(ctx: WorkloadContext): { arns: string[]; label: string } {
  const fargate = ctx.cluster.fargate;
  if (ctx.onFargate) {
    return {
      arns: (typeof fargate === 'object' && fargate.podExecutionRoleArns) || [],
      label: 'Fargate pod execution role',
    };
  }
  return { arns: ctx.cluster.nodeRoleArns ?? [], label: 'node role' };
}

function nodePull(
  ctx: WorkloadContext,
  target: PullTarget,
): { ability: PullAbility; findings: Finding[] } {
  const { arns, label } = nodeRoles(ctx);
  return anyRolePullCheck(ctx.iam, arns, target, label);
}

interface Fallback {
  pullAuth: PullAuth;
  pullRoleArn?: string;
  label: string;
  ability: PullAbility;
  findings: Finding[];
}

/**
 * What pulls when no pull secret works: on Fargate the pod execution role;
 * with service-account-token providers (KEP-4412) the ServiceAccount's
 * ecr-role-arn, which must also be assumable by this ServiceAccount (its
 * trust and OIDC provider); otherwise the node role through
 * ecr-credential-provider.
 */
export function fallbackPull(
  ctx: WorkloadContext,
  target: PullTarget,
): Fallback {
  const sa = ctx.serviceAccount;
  const tokenPulls = ctx.cluster.imagePullAuth === 'service-account-token';
  if (!ctx.onFargate && tokenPulls && sa.ecrRoleArn) {
    const label = 'ECR pull role';
    const opts = { checkBreadth: true, label };
    const check = rolePullCheck(ctx.iam, sa.ecrRoleArn, target, opts);
    const trust = irsaRoleFindings(ctx, sa.ecrRoleArn, ECR_ROLE_ARN_ANNOTATION);
    return {
      pullAuth: 'service-account-role',
      pullRoleArn: sa.ecrRoleArn,
      label,
      ability: assumable(trust, check.ability),
      findings: [...trust, ...check.findings],
    };
  }
  const { arns, label } = nodeRoles(ctx);
  const pullAuth = ctx.onFargate ? 'fargate-role' : 'node-role';
  const pullRoleArn = arns.length === 1 ? arns[0] : undefined;
  return { pullAuth, pullRoleArn, label, ...nodePull(ctx, target) };
}

/** A role that cannot be assumed pulls nothing, whatever its policies allow. */
function assumable(trust: Finding[], ability: PullAbility): PullAbility {
  const worst = worstHealth(trust.map(f => severityToHealth(f.severity)));
  if (worst === 'error') return 'no';
  if (worst === 'unknown' && ability === 'yes') return 'unknown';
  return ability;
}
