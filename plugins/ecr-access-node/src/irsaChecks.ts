import { createFinding, Finding } from '@ecr-access/plugin-ecr-access-common';
import {
  accountOfArn,
  findRole,
  normalizeIssuer,
  partitionOfArn,
} from './iamFacts';
import { analyseTrust } from './trust';
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
  const wanted = normalizeIssuer(issuer).toLowerCase();
  if (providers.some(p => normalizeIssuer(p).toLowerCase() === wanted))
    return [];
  return [
    createFinding(
      'OIDC_PROVIDER_MISSING',
      subject,
      `account ${accountId} has no IAM OIDC provider for ${ctx.cluster.name}'s issuer ${wanted}, so ${roleArn} cannot be assumed with a ServiceAccount token`,
    ),
  ];
}

function trustFindings(
  ctx: WorkloadContext,
  roleArn: string,
  trustPolicy: unknown,
  issuer: string,
): Finding[] {
  const subject = `IAM role ${roleArn}`;
  const sa = `system:serviceaccount:${ctx.namespace}:${ctx.serviceAccount.name}`;
  const accountId = accountOfArn(roleArn)!;
  const partition = partitionOfArn(roleArn) ?? 'aws';
  const analysis = analyseTrust(trustPolicy, {
    accountId,
    partition,
    issuer,
    namespace: ctx.namespace,
    serviceAccount: ctx.serviceAccount.name,
  });
  if (analysis.error)
    return [
      createFinding(
        'INPUT_MALFORMED',
        subject,
        `trust policy of ${roleArn}: ${analysis.error}`,
      ),
    ];
  const findings: Finding[] = [];
  if (analysis.decision === 'undecided') {
    findings.push(
      createFinding(
        'CONDITION_UNDECIDED',
        subject,
        `whether ${roleArn} trusts ${sa} depends on: ${analysis.undecided.join(
          '; ',
        )}`,
      ),
    );
  } else if (analysis.decision !== 'allow') {
    const why = analysis.problems.filter(p =>
      ['other-issuer', 'sub-mismatch', 'no-web-identity'].includes(p.kind),
    );
    findings.push(
      createFinding(
        'TRUST_POLICY_MISMATCH',
        subject,
        `${roleArn} does not trust ${sa} on ${ctx.cluster.name}${
          why.length ? `: ${why.map(p => p.detail).join('; ')}` : ''
        }`,
      ),
    );
  }
  const broad = analysis.problems.filter(p =>
    ['principal-star', 'missing-sub', 'wildcard-sub', 'missing-aud'].includes(
      p.kind,
    ),
  );
  if (broad.length) {
    findings.push(
      createFinding(
        'TRUST_POLICY_TOO_BROAD',
        subject,
        `trust policy of ${roleArn}: ${broad.map(p => p.detail).join('; ')}`,
      ),
    );
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
      createFinding(
        'IAM_FACTS_MISSING',
        subject,
        `${roleArn} was not read from IAM`,
      ),
    ];
  if (!role.exists) {
    return [
      createFinding(
        'ROLE_NOT_FOUND',
        subject,
        `${roleArn}, named by ${annotation} on ServiceAccount ${ctx.namespace}/${ctx.serviceAccount.name}, does not exist`,
      ),
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
