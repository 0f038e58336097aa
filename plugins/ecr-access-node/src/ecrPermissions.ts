import { IamRoleFacts, accountOfArn } from './iamFacts';
import { PolicyDocument, PolicyInput, parsePolicy } from './policyDocument';
import {
  evaluatePolicies,
  evaluateWithBoundary,
  PolicyDecision,
} from './policyEval';

/** Pull needs these on the repository ARN (ECR user guide, "private repository policies"). @public */
export const ECR_PULL_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
] as const;

/** Writes a pull role should never hold. */
const ECR_WRITE_ACTIONS = [
  'ecr:PutImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:BatchDeleteImage',
  'ecr:DeleteRepository',
  'ecr:SetRepositoryPolicy',
  'ecr:PutLifecyclePolicy',
];

/** Result of {@link rolePolicies}: the role's parsed identity policies and permissions boundary, or a parse error. @public */
export type RolePolicies =
  | { ok: true; identity: PolicyDocument[]; boundary?: PolicyDocument }
  | { ok: false; error: string };

/**
 * Parse a role's managed, inline and boundary documents.
 *
 * @public
 */
export function rolePolicies(role: IamRoleFacts): RolePolicies {
  const identity: PolicyDocument[] = [];
  const all: Array<[string, PolicyInput | undefined]> = [
    ...(role.managedPolicies ?? []).map((p, i): [string, PolicyInput] => [
      `managed policy ${i + 1}`,
      p,
    ]),
    ...(role.inlinePolicies ?? []).map((p, i): [string, PolicyInput] => [
      `inline policy ${i + 1}`,
      p,
    ]),
  ];
  for (const [label, input] of all) {
    const parsed = parsePolicy(input);
    if (!parsed.ok)
      return { ok: false, error: `${label} of ${role.arn}: ${parsed.error}` };
    identity.push(parsed.policy);
  }
  if (role.permissionsBoundary === undefined) return { ok: true, identity };
  const boundary = parsePolicy(role.permissionsBoundary);
  if (!boundary.ok) {
    return {
      ok: false,
      error: `permissions boundary of ${role.arn}: ${boundary.error}`,
    };
  }
  return { ok: true, identity, boundary: boundary.policy };
}

/** Result of {@link canPullRepository}: whether an IAM role may pull from an ECR repository. @public */
export interface PullCheck {
  /** Combined decision over GetAuthorizationToken and the pull actions. */
  decision: PolicyDecision;
  /** Actions not allowed (implicitly or explicitly denied). */
  missing: string[];
  /** Conditions that could not be decided. */
  undecided: string[];
}

/**
 * Can this role pull the repository? GetAuthorizationToken on "*" (the
 * action takes no resource) plus the pull actions on the repository ARN,
 * through identity policies and the permissions boundary.
 *
 * @public
 */
export function canPullRepository(
  policies: { identity: PolicyDocument[]; boundary?: PolicyDocument },
  repositoryArn: string,
): PullCheck {
  const requests = [
    { action: 'ecr:GetAuthorizationToken', resource: '*' },
    ...ECR_PULL_ACTIONS.map(action => ({ action, resource: repositoryArn })),
  ];
  const missing: string[] = [];
  const undecided: string[] = [];
  for (const req of requests) {
    const v = evaluateWithBoundary(policies.identity, policies.boundary, req);
    if (v.decision === 'undecided') undecided.push(...v.undecided);
    else if (v.decision !== 'allow') missing.push(req.action);
  }
  let decision: PolicyDecision = 'allow';
  if (missing.length) decision = 'implicit-deny';
  else if (undecided.length) decision = 'undecided';
  return { decision, missing, undecided: [...new Set(undecided)] };
}

/**
 * Ways a pull role is allowed more than pulling its repositories, found by
 * probing: pull on a repository it was not meant for, and write actions.
 * GetAuthorizationToken on "*" is required and never reported.
 *
 * @public
 */
export function pullPolicyBreadth(
  policies: { identity: PolicyDocument[]; boundary?: PolicyDocument },
  repositoryArn: string,
): string[] {
  const reasons: string[] = [];
  const allowed = (action: string, resource: string) =>
    evaluateWithBoundary(policies.identity, policies.boundary, {
      action,
      resource,
    }).decision === 'allow';
  const base = repositoryArn.replace(/repository\/.*$/, 'repository/');
  if (
    allowed('ecr:BatchGetImage', `${base}ecr-access-probe/unrelated-repository`)
  ) {
    reasons.push(
      'pull is allowed on repositories beyond the ones this workload uses',
    );
  }
  if (allowed('ecr:ThisActionDoesNotExist', repositoryArn)) {
    reasons.push('every ECR action is allowed (ecr:* or *)');
  } else {
    const writes = ECR_WRITE_ACTIONS.filter(a => allowed(a, repositoryArn));
    if (writes.length)
      reasons.push(`write actions are allowed (${writes.join(', ')})`);
  }
  return reasons;
}

/**
 * Does the repository policy of a repository in another account allow this
 * principal to pull? A missing policy denies: cross-account access needs
 * both the identity policy and the repository policy (ECR user guide).
 *
 * @public
 */
export function repositoryPolicyAllows(
  policy: PolicyInput | undefined,
  principalArn: string,
  repositoryArn: string,
): { decision: PolicyDecision; undecided: string[] } | { error: string } {
  if (policy === undefined) return { decision: 'implicit-deny', undecided: [] };
  const parsed = parsePolicy(policy);
  if (!parsed.ok)
    return { error: `repository policy of ${repositoryArn}: ${parsed.error}` };
  const accountId = accountOfArn(principalArn) ?? '';
  const undecided: string[] = [];
  let decision: PolicyDecision = 'allow';
  for (const action of ECR_PULL_ACTIONS) {
    const v = evaluatePolicies([parsed.policy], {
      action,
      resource: repositoryArn,
      principal: { type: 'AWS', arn: principalArn, accountId },
    });
    if (v.decision === 'explicit-deny' || v.decision === 'implicit-deny')
      return v;
    if (v.decision === 'undecided') {
      decision = 'undecided';
      undecided.push(...v.undecided);
    }
  }
  return { decision, undecided };
}
