import {
  ContainerStatus,
  createFinding,
  Finding,
} from '@ecr-access/plugin-ecr-access-common';
import { canPullRepository, rolePolicies } from './ecrPermissions';
import { WorkloadContext } from './classifyContext';
import { findRole } from './iamFacts';
import { parsePolicy, PolicyInput } from './policyDocument';
import { evaluatePolicies, PolicyRequest } from './policyEval';
import { roleNotFoundText, roleNotReadText } from './pullPrincipal';
import { PodIdentityAssociation } from './snapshot';

/*
 * EKS Pod Identity (EKS User Guide, "Learn how EKS Pod Identity grants pods access to AWS
 * services"): an association binds a ServiceAccount to a role, which must trust the service
 * principal pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession. It serves the
 * pod's own SDK calls only, never the kubelet's image pulls.
 */

/** The service principal of EKS Pod Identity. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

const POD_IDENTITY_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];

/**
 * The association of the workload's ServiceAccount, if any.
 *
 * @internal
 */
export function podIdentityAssociationOf(
  ctx: WorkloadContext,
): PodIdentityAssociation | undefined {
  return (ctx.snapshot.podIdentityAssociations ?? []).find(
    a =>
      a?.namespace === ctx.namespace &&
      a?.serviceAccount === ctx.serviceAccount.name &&
      typeof a.roleArn === 'string',
  );
}

/**
 * What EKS knows when it assumes the role for a pod: the cluster's account and ARN
 * (`aws:SourceAccount`, `aws:SourceArn`) and the session tags it sets. The pod's name and
 * uid are not known here, so a condition on them stays undecided.
 */
function podIdentityRequest(
  ctx: WorkloadContext,
  action: string,
): PolicyRequest {
  const { accountId, region, name } = ctx.cluster;
  const partition = ctx.cluster.partition ?? 'aws';
  const clusterArn = `arn:${partition}:eks:${region}:${accountId}:cluster/${name}`;
  return {
    action,
    principal: { type: 'Service', service: POD_IDENTITY_PRINCIPAL },
    context: {
      'aws:sourceaccount': [accountId],
      'aws:sourcearn': [clusterArn],
      'aws:requesttag/eks-cluster-arn': [clusterArn],
      'aws:requesttag/eks-cluster-name': [name],
      'aws:requesttag/kubernetes-namespace': [ctx.namespace],
      'aws:requesttag/kubernetes-service-account': [ctx.serviceAccount.name],
    },
  };
}

/** Whether the role's trust admits Pod Identity for both actions; findings when it may not. */
function trustFindings(
  ctx: WorkloadContext,
  association: PodIdentityAssociation,
  trustPolicy: PolicyInput | undefined,
): Finding[] {
  const subject = `IAM role ${association.roleArn}`;
  if (trustPolicy === undefined) {
    const text = `the trust policy of ${association.roleArn} was not read`;
    return [createFinding('IAM_FACTS_MISSING', subject, text)];
  }
  const parsed = parsePolicy(trustPolicy);
  if (!parsed.ok) {
    const text = `trust policy of ${association.roleArn}: ${parsed.error}`;
    return [createFinding('INPUT_MALFORMED', subject, text)];
  }
  const refused: string[] = [];
  const undecided: string[] = [];
  for (const action of POD_IDENTITY_ACTIONS) {
    const verdict = evaluatePolicies(
      [parsed.policy],
      podIdentityRequest(ctx, action),
    );
    if (verdict.decision === 'undecided') undecided.push(...verdict.undecided);
    else if (verdict.decision !== 'allow') refused.push(action);
  }
  const of = `the Pod Identity association of ServiceAccount ${ctx.namespace}/${ctx.serviceAccount.name} on ${ctx.cluster.name}`;
  if (refused.length) {
    const text = `${
      association.roleArn
    }, the role of ${of}, does not let ${POD_IDENTITY_PRINCIPAL} ${refused.join(
      ' or ',
    )}: the pod gets no credentials from it`;
    return [createFinding('POD_IDENTITY_TRUST_MISMATCH', subject, text)];
  }
  if (undecided.length) {
    const text = `whether ${
      association.roleArn
    } trusts ${POD_IDENTITY_PRINCIPAL} for ${of} depends on: ${[
      ...new Set(undecided),
    ].join('; ')}`;
    return [createFinding('CONDITION_UNDECIDED', subject, text)];
  }
  return [];
}

/**
 * The association's role: read, existing, and trusting Pod Identity.
 *
 * @internal
 */
export function podIdentityRoleFindings(
  ctx: WorkloadContext,
  association: PodIdentityAssociation,
): Finding[] {
  const subject = `IAM role ${association.roleArn}`;
  const role = findRole(ctx.iam, association.roleArn);
  if (!role) {
    const text = roleNotReadText(association.roleArn);
    return [createFinding('IAM_FACTS_MISSING', subject, text)];
  }
  if (!role.exists) {
    const text = `${roleNotFoundText(
      association.roleArn,
    )} (named by the Pod Identity association of ServiceAccount ${
      ctx.namespace
    }/${ctx.serviceAccount.name})`;
    return [createFinding('ROLE_NOT_FOUND', subject, text)];
  }
  return trustFindings(ctx, association, role.trustPolicy);
}

/**
 * Whether a role is a Pod Identity role: its trust allows pods.eks.amazonaws.com to assume
 * it. Used to tell a pull role that only Pod Identity could assume.
 *
 * @internal
 */
export function trustsPodIdentity(
  ctx: WorkloadContext,
  roleArn: string,
): boolean {
  const role = findRole(ctx.iam, roleArn);
  const parsed = role?.trustPolicy && parsePolicy(role.trustPolicy);
  if (!parsed || !parsed.ok) return false;
  return (
    evaluatePolicies([parsed.policy], podIdentityRequest(ctx, 'sts:AssumeRole'))
      .decision === 'allow'
  );
}

/**
 * The repositories the association's role may pull while the kubelet's credential cannot:
 * the role was given ECR pull as if Pod Identity served the pulls that fail.
 */
function pullsLeftToPodIdentity(
  ctx: WorkloadContext,
  association: PodIdentityAssociation,
  containers: ContainerStatus[],
): Finding[] {
  const role = findRole(ctx.iam, association.roleArn);
  const policies = role?.exists ? rolePolicies(role) : undefined;
  if (!policies?.ok) return [];
  const failing = containers.filter(
    c =>
      c.repositoryArn &&
      c.findings.some(
        f => f.code === 'ROLE_LACKS_ECR_PULL' && f.severity === 'error',
      ),
  );
  const repos = [...new Set(failing.map(c => c.repositoryArn!))].filter(
    arn =>
      canPullRepository(policies, arn, association.roleArn).decision ===
      'allow',
  );
  if (!repos.length) return [];
  const text = `${association.roleArn}, the Pod Identity role of ${
    ctx.serviceAccount.name
  }, may pull ${repos.join(
    ', ',
  )}, which the kubelet's credential cannot: Pod Identity never serves image pulls`;
  return [
    createFinding(
      'POD_IDENTITY_NOT_FOR_PULLS',
      `IAM role ${association.roleArn}`,
      text,
    ),
  ];
}

/**
 * Pod Identity findings of a workload: the association's role, which credential the SDK
 * uses when IRSA is set too, and a pull role set up as if Pod Identity served pulls (named as
 * the ECR pull role, or allowed the pulls the kubelet's credential cannot make).
 *
 * @internal
 */
export function podIdentityFindings(
  ctx: WorkloadContext,
  containers: ContainerStatus[],
): Finding[] {
  const sa = ctx.serviceAccount;
  const association = podIdentityAssociationOf(ctx);
  const findings: Finding[] = [];
  const subject = `ServiceAccount ${ctx.namespace}/${sa.name}`;
  if (association) {
    findings.push(...podIdentityRoleFindings(ctx, association));
    if (sa.roleArn) {
      const text = `${sa.name} has both eks.amazonaws.com/role-arn (${sa.roleArn}) and a Pod Identity association (${association.roleArn}); the AWS SDKs try web identity before the container credential provider, so its pods use the IRSA role ${sa.roleArn}`;
      findings.push(
        createFinding('POD_IDENTITY_SHADOWED_BY_IRSA', subject, text),
      );
    }
    findings.push(...pullsLeftToPodIdentity(ctx, association, containers));
  }
  const pullRole = sa.ecrRoleArn;
  if (!pullRole) return findings;
  const isAssociated = association?.roleArn === pullRole;
  if (isAssociated || trustsPodIdentity(ctx, pullRole)) {
    const why = isAssociated
      ? `is the role of its Pod Identity association`
      : `trusts ${POD_IDENTITY_PRINCIPAL}`;
    const text = `eks.amazonaws.com/ecr-role-arn of ${sa.name} names ${pullRole}, which ${why}: Pod Identity never serves image pulls; the kubelet assumes an ECR pull role with the ServiceAccount's token through the cluster's OIDC provider`;
    findings.push(createFinding('POD_IDENTITY_NOT_FOR_PULLS', subject, text));
  }
  return findings;
}
