import {
  createFinding,
  Finding,
  PullAuth,
  severityToHealth,
  worstHealth,
} from '@ecr-access/plugin-ecr-access-common';
import { ECR_ROLE_ARN_ANNOTATION, WorkloadContext } from './classifyContext';
import { irsaRoleFindings } from './irsaChecks';
import { describePlacement } from './placement';
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

interface PullRoles {
  arns: string[];
  label: string;
  /** Why no node the pod may run on is known, when the cluster has other nodes. */
  unplaced?: string;
  /** Why some of the roles the pod may use are unknown, when they may be. */
  unknown?: string;
}

/**
 * The roles the pod's pulls may use: on Fargate its profile's; on EC2 those of the nodes and
 * node groups its nodeSelector, required node affinity and tolerations allow, and the
 * configured ones, which have no placement and count for every pod.
 */
function nodeRoles(ctx: WorkloadContext): PullRoles {
  if (ctx.fargate.on === 'fargate') {
    return { arns: ctx.fargate.roleArns, label: 'Fargate pod execution role' };
  }
  const placed = ctx.nodeRoles.placement.rolesFor(ctx.podSpec);
  const { arns, placement } = placed;
  const unknown = placed.onUnreadNodes
    ? ctx.nodeRoles.unknown
    : ctx.nodeRoles.unknownWherever;
  const roles = { arns, label: 'node role', ...(unknown && { unknown }) };
  if (arns.length > 0 || ctx.nodeRoles.arns.length === 0) return roles;
  const karpenter = Object.keys(placement.nodeSelector)
    .concat((placement.terms ?? []).flatMap(t => t.expressions.map(e => e.key)))
    .some(k => k.startsWith('karpenter.'));
  const launcher = karpenter
    ? 'Karpenter launches them from an EC2NodeClass'
    : 'no such node runs now: an autoscaler such as Karpenter launches them later';
  const unplaced = `no node or managed node group of ${
    ctx.cluster.name
  } ${describePlacement(
    placement,
  )}: the role of the nodes it will run on is not known (${launcher})`;
  return { ...roles, unplaced };
}

/**
 * The kubelet of whichever node the pod lands on pulls with that node's role: a role that
 * cannot pull breaks the pods scheduled on its nodes even while another role can.
 */
function partialNodeFindings(
  ctx: WorkloadContext,
  arns: string[],
  target: PullTarget,
): Finding[] {
  if (arns.length < 2) return [];
  const label = 'node role';
  return arns.flatMap(arn => {
    const check = rolePullCheck(ctx.iam, arn, target, {
      checkBreadth: false,
      label,
    });
    if (check.ability !== 'no') return [];
    const where = ctx.nodeRoles.sources[arn]?.join(', ') ?? 'config';
    const text = `the node role ${arn} (${where}) cannot pull ${target.name}: pods of ${ctx.subject} scheduled on its nodes fail to pull`;
    return [
      createFinding('ROLE_LACKS_ECR_PULL', `IAM role ${arn}`, text, 'warning'),
    ];
  });
}

/** Why no role the kubelet (or Fargate) pulls with is known. */
function noRoleKnown(ctx: WorkloadContext): string {
  const { name } = ctx.cluster;
  if (ctx.onFargate) {
    return `no Fargate pod execution role of ${name} is configured (fargate.podExecutionRoleArns)`;
  }
  return `no node role of ${name} is known: no nodeRoleArns are configured, no EKS managed node group was found, and no listed node runs with an instance profile (no nodes, or all on Fargate)`;
}

function nodePull(
  ctx: WorkloadContext,
  target: PullTarget,
): { ability: PullAbility; findings: Finding[] } {
  const { arns, label, unplaced, unknown } = nodeRoles(ctx);
  const subject = `cluster ${ctx.cluster.name}`;
  // Fargate or EC2 decides the role that pulls: neither is assumed.
  if (ctx.fargate.on === 'unknown') {
    const text = `${ctx.fargate.reason}, so whether ${ctx.subject} runs on Fargate (pulling ${target.name} with a pod execution role) or on EC2 nodes (with the node role) is unknown`;
    const finding = createFinding('OBJECTS_NOT_READABLE', subject, text);
    return { ability: 'unknown', findings: [finding] };
  }
  if (!ctx.onFargate && unknown && arns.length === 0) {
    const text = `${unknown}, so whether the node role can pull ${target.name} is unknown`;
    const finding = createFinding('OBJECTS_NOT_READABLE', subject, text);
    return { ability: 'unknown', findings: [finding] };
  }
  // No role to check is no answer: the pull's health comes from its findings, so "unknown"
  // must say so, never pass as a pull with nothing wrong.
  if (arns.length === 0) {
    const text = `${
      unplaced ?? noRoleKnown(ctx)
    }, so whether the ${label} can pull ${target.name} is unknown`;
    const finding = createFinding('IAM_FACTS_MISSING', subject, text);
    return { ability: 'unknown', findings: [finding] };
  }
  if (ctx.onFargate) return anyRolePullCheck(ctx.iam, arns, target, label);
  const result = anyRolePullCheck(ctx.iam, arns, target, label);
  // Pods may land on the nodes whose role is unknown: a pull the known roles serve is unknown.
  const partlyUnknown = unknown !== undefined && result.ability === 'yes';
  const findings = [
    ...result.findings,
    ...(result.ability === 'yes' ? partialNodeFindings(ctx, arns, target) : []),
    ...(partlyUnknown
      ? [
          createFinding(
            'OBJECTS_NOT_READABLE',
            `cluster ${ctx.cluster.name}`,
            `${unknown}, so whether pods of ${ctx.subject} scheduled on those nodes can pull ${target.name} is unknown`,
          ),
        ]
      : []),
    // A role too broad matters to the pods on its nodes: those this pod may run on.
    ...ctx.nodeRoles.tooBroad.filter(f =>
      arns.some(arn => f.subject === `IAM role ${arn}`),
    ),
  ];
  return { ability: partlyUnknown ? 'unknown' : result.ability, findings };
}

/**
 * CREDENTIAL_PROVIDER_NOT_READY on a workload whose ServiceAccount sets
 * eks.amazonaws.com/ecr-role-arn on a cluster declared `service-account-token` whose nodes
 * fail the preflight: its pulls do not use that role.
 *
 * @internal
 */
export function credentialProviderFindings(ctx: WorkloadContext): Finding[] {
  const preflight = ctx.credentialProvider;
  if (preflight.state !== 'not-ready' || !ctx.serviceAccount.ecrRoleArn) {
    return [];
  }
  const text = `${
    ctx.cluster.name
  } is declared imagePullAuth: service-account-token, but ${preflight.problems.join(
    '; ',
  )}: the pulls of ${ctx.subject} do not use its ecr-role-arn ${
    ctx.serviceAccount.ecrRoleArn
  }`;
  return [
    createFinding(
      'CREDENTIAL_PROVIDER_NOT_READY',
      `cluster ${ctx.cluster.name}`,
      text,
    ),
  ];
}

/** What the preflight could not read makes a token pull unknown, never assumed to work. */
function preflightUnknown(ctx: WorkloadContext): Finding[] {
  const preflight = ctx.credentialProvider;
  if (preflight.state !== 'unknown') return [];
  const text = `whether the nodes of ${
    ctx.cluster.name
  } can pull with service-account tokens is unknown: ${preflight.unknowns.join(
    '; ',
  )}`;
  return [
    createFinding('OBJECTS_NOT_READABLE', `cluster ${ctx.cluster.name}`, text),
  ];
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
  const tokenPulls =
    ctx.cluster.imagePullAuth === 'service-account-token' &&
    ctx.credentialProvider.state !== 'not-ready';
  if (!ctx.onFargate && tokenPulls && sa.ecrRoleArn) {
    const label = 'ECR pull role';
    const opts = { checkBreadth: true, label };
    const check = rolePullCheck(ctx.iam, sa.ecrRoleArn, target, opts);
    const trust = irsaRoleFindings(ctx, sa.ecrRoleArn, ECR_ROLE_ARN_ANNOTATION);
    const unknown = preflightUnknown(ctx);
    return {
      pullAuth: 'service-account-role',
      pullRoleArn: sa.ecrRoleArn,
      label,
      ability: assumable([...trust, ...unknown], check.ability),
      findings: [...unknown, ...trust, ...check.findings],
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
