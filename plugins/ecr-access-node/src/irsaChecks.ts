import { createFinding, Finding } from '@ecr-access/plugin-ecr-access-common';
import {
  accountOfArn,
  findRole,
  normalizeIssuer,
  partitionOfArn,
} from './iamFacts';
import { analyseTrust, TrustAnalysis } from './trust';
import { roleNotFoundText, roleNotReadText } from './pullPrincipal';
import { WorkloadContext } from './classifyContext';

function oidcFindings(
  ctx: WorkloadContext,
  roleArn: string,
  accountId: string,
  issuer: string,
): Finding[] {
  const providers = ctx.iam.oidcProviders?.[accountId];
  const subject = `IAM account ${accountId}`;
  if (!providers) {
    return [
      createFinding(
        'IAM_FACTS_MISSING',
        subject,
        `the OIDC providers of account ${accountId} were not read, so ${roleArn} cannot be checked`,
      ),
    ];
  }
  // Hosts are case-insensitive; compare loosely, report as configured.
  const wanted = normalizeIssuer(issuer);
  const same = (p: string) =>
    normalizeIssuer(p).toLowerCase() === wanted.toLowerCase();
  if (providers.some(same)) return [];
  return [
    createFinding(
      'OIDC_PROVIDER_MISSING',
      subject,
      `account ${accountId} has no IAM OIDC provider for ${ctx.cluster.name}'s issuer ${wanted}, so ${roleArn} cannot be assumed with a ServiceAccount token`,
    ),
  ];
}

const MISMATCH_KINDS = [
  'explicit-deny',
  'other-issuer',
  'sub-mismatch',
  'aud-mismatch',
  'no-web-identity',
];
const BREADTH_KINDS = [
  'principal-star',
  'missing-sub',
  'wildcard-sub',
  'missing-aud',
];

function trustDecisionFinding(
  ctx: WorkloadContext,
  roleArn: string,
  analysis: TrustAnalysis,
): Finding | undefined {
  const subject = `IAM role ${roleArn}`;
  const sa = `system:serviceaccount:${ctx.namespace}:${ctx.serviceAccount.name}`;
  if (analysis.decision === 'undecided') {
    const text = `whether ${roleArn} trusts ${sa} depends on: ${analysis.undecided.join(
      '; ',
    )}`;
    return createFinding('CONDITION_UNDECIDED', subject, text);
  }
  if (analysis.decision === 'allow') return undefined;
  const why = analysis.problems.filter(p => MISMATCH_KINDS.includes(p.kind));
  const detail = why.length ? `: ${why.map(p => p.detail).join('; ')}` : '';
  const text = `${roleArn} does not trust ${sa} on ${ctx.cluster.name}${detail}`;
  return createFinding('TRUST_POLICY_MISMATCH', subject, text);
}

function trustFindings(
  ctx: WorkloadContext,
  roleArn: string,
  trustPolicy: unknown,
  issuer: string,
): Finding[] {
  const subject = `IAM role ${roleArn}`;
  const analysis = analyseTrust(trustPolicy, {
    accountId: accountOfArn(roleArn)!,
    partition: partitionOfArn(roleArn) ?? 'aws',
    issuer,
    namespace: ctx.namespace,
    serviceAccount: ctx.serviceAccount.name,
  });
  if (analysis.error) {
    const text = `trust policy of ${roleArn}: ${analysis.error}`;
    return [createFinding('INPUT_MALFORMED', subject, text)];
  }
  const findings: Finding[] = [];
  const decision = trustDecisionFinding(ctx, roleArn, analysis);
  if (decision) findings.push(decision);
  // Breadth is probed like the decision (trustProbes.ts); when no probe got
  // in but one may, say what it depends on rather than guess.
  if (analysis.decision === 'allow' && analysis.undecided.length) {
    const sa = `system:serviceaccount:${ctx.namespace}:${ctx.serviceAccount.name}`;
    const text = `whether ${roleArn} admits anyone but ${sa} depends on: ${analysis.undecided.join(
      '; ',
    )}`;
    findings.push(createFinding('CONDITION_UNDECIDED', subject, text));
  }
  const broad = analysis.problems.filter(p => BREADTH_KINDS.includes(p.kind));
  if (broad.length) {
    const text = `trust policy of ${roleArn}: ${broad
      .map(p => p.detail)
      .join('; ')}`;
    findings.push(createFinding('TRUST_POLICY_TOO_BROAD', subject, text));
  }
  return findings;
}

/**
 * Checks of an IRSA role named by the ServiceAccount: the role exists, the
 * cluster's OIDC provider is registered in the role's account, and the trust
 * policy admits exactly this ServiceAccount.
 *
 * @internal
 */
export function irsaRoleFindings(
  ctx: WorkloadContext,
  roleArn: string,
  annotation: string,
): Finding[] {
  const subject = `IAM role ${roleArn}`;
  const accountId = accountOfArn(roleArn);
  if (!accountId) {
    return [
      createFinding(
        'INPUT_MALFORMED',
        `ServiceAccount ${ctx.namespace}/${ctx.serviceAccount.name}`,
        `${annotation} "${roleArn}" is not an IAM role ARN`,
      ),
    ];
  }
  const role = findRole(ctx.iam, roleArn);
  if (!role)
    return [
      createFinding('IAM_FACTS_MISSING', subject, roleNotReadText(roleArn)),
    ];
  if (!role.exists) {
    return [
      createFinding('ROLE_NOT_FOUND', subject, roleNotFoundText(roleArn)),
    ];
  }
  const issuer = ctx.cluster.oidcIssuer;
  if (!issuer) {
    return [
      createFinding(
        'IAM_FACTS_MISSING',
        subject,
        `the OIDC issuer of ${ctx.cluster.name} is not configured, so the trust of ${roleArn} cannot be checked`,
      ),
    ];
  }
  return [
    ...oidcFindings(ctx, roleArn, accountId, issuer),
    ...trustFindings(ctx, roleArn, role.trustPolicy, issuer),
  ];
}
