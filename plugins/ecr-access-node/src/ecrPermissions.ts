import { IamRoleFacts, accountOfArn } from './iamFacts';
import { PolicyDocument, PolicyInput, parsePolicy } from './policyDocument';
import {
  evaluatePolicies,
  evaluateWithBoundary,
  identityEffects,
  PolicyDecision,
  policyEffects,
  PolicyRequest,
} from './policyEval';
import { and3, not3, or3, Tri } from './tri';

/** Each role's parsed policies, per role object (one per audit): see rolePolicies. */
const PARSED_ROLES = new WeakMap<IamRoleFacts, RolePolicies>();
/** Each policies object's breadth per repository: see pullPolicyBreadth. */
const BREADTH = new WeakMap<object, Map<string, string[]>>();

/**
 * Pull needs these on the repository ARN (ECR User Guide, "Private
 * repository policies"; the AWS managed policy
 * AmazonEC2ContainerRegistryPullOnly grants exactly these and
 * ecr:GetAuthorizationToken). ecr:BatchCheckLayerAvailability serves
 * pushes (ECR API Reference): requiring it would call a working pull
 * refused.
 */
export const ECR_PULL_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
] as const;

/**
 * What a pull from a pull-through cache repository needs besides the pull (ECR User Guide,
 * "IAM permissions required to sync an upstream registry"): importing a tag not yet cached
 * (or updated upstream), and, while the repository does not exist, creating it on the first
 * pull. AmazonEC2ContainerRegistryPullOnly grants the import; ReadOnly does not.
 */
export const ECR_CACHE_IMPORT_ACTION = 'ecr:BatchImportUpstreamImage';
/** See {@link ECR_CACHE_IMPORT_ACTION}. */
export const ECR_CACHE_CREATE_ACTION = 'ecr:CreateRepository';

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

/** Result of {@link rolePolicies}: the role's parsed identity policies and permissions boundary, or a parse error. */
export type RolePolicies =
  | { ok: true; identity: PolicyDocument[]; boundary?: PolicyDocument }
  | { ok: false; error: string };

/**
 * Parse a role's managed, inline and boundary documents.
 */
export function rolePolicies(role: IamRoleFacts): RolePolicies {
  // Parsed once per role of an audit: every workload using the role asks again.
  let parsed = PARSED_ROLES.get(role);
  if (!parsed) {
    parsed = parseRolePolicies(role);
    PARSED_ROLES.set(role, parsed);
  }
  return parsed;
}

function parseRolePolicies(role: IamRoleFacts): RolePolicies {
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
  /**
   * Can it pull: `allow`, `explicit-deny` when a Deny decidedly refuses an
   * action, `implicit-deny` when an action is not allowed (a Deny that may
   * also apply does not change that answer), or `undecided`.
   */
  decision: PolicyDecision;
  /** Actions not allowed (implicitly or explicitly denied). */
  missing: string[];
  /** What could not be decided. */
  undecided: string[];
}

/**
 * What IAM knows of every request a role's session makes (IAM User Guide,
 * "AWS global condition context keys"): `aws:PrincipalArn` is the role's
 * ARN, `aws:PrincipalAccount` its account, `aws:PrincipalType`
 * `AssumedRole`.
 */
export function roleSessionRequest(
  roleArn: string,
): Pick<PolicyRequest, 'principal' | 'context'> {
  const accountId = accountOfArn(roleArn) ?? '';
  return {
    principal: { type: 'AWS', arn: roleArn, accountId },
    context: {
      'aws:principalarn': [roleArn],
      'aws:principalaccount': [accountId],
      'aws:principaltype': ['AssumedRole'],
    },
  };
}

/** Allowed, as a Tri: an applicable Allow and no applicable Deny. */
function allowedOf(effects: { allow: Tri; deny: Tri }): Tri {
  return and3(effects.allow, not3(effects.deny));
}

/** The requests of a pull: the token on "*" (it takes no resource), then the pull actions. */
function pullRequests(
  repositoryArn: string,
  roleArn?: string,
): PolicyRequest[] {
  const known = roleArn ? roleSessionRequest(roleArn) : {};
  return [
    { action: 'ecr:GetAuthorizationToken', resource: '*', ...known },
    ...ECR_PULL_ACTIONS.map(action => ({
      action,
      resource: repositoryArn,
      ...known,
    })),
  ];
}

/** Fold per-action answers into a {@link PullCheck}. */
function pullCheckOf(
  answers: Array<{
    action: string;
    allowed: Tri;
    denied: Tri;
    undecided: string[];
  }>,
): PullCheck {
  const missing = answers.filter(a => a.allowed === 'false').map(a => a.action);
  const undecided = answers
    .filter(a => a.allowed === 'undecided')
    .flatMap(a => a.undecided);
  let decision: PolicyDecision = 'allow';
  if (answers.some(a => a.denied === 'true')) decision = 'explicit-deny';
  else if (missing.length) decision = 'implicit-deny';
  else if (undecided.length || answers.some(a => a.allowed !== 'true'))
    decision = 'undecided';
  return {
    decision,
    missing,
    undecided: decision === 'undecided' ? [...new Set(undecided)] : [],
  };
}

/**
 * Can this role pull the repository through its own policies?
 * GetAuthorizationToken on "*" plus the pull actions on the repository ARN,
 * through identity policies and the permissions boundary. With the role's
 * ARN, the keys IAM knows of its sessions decide conditions on them.
 *
 * @public
 */
export function canPullRepository(
  policies: { identity: PolicyDocument[]; boundary?: PolicyDocument },
  repositoryArn: string,
  roleArn?: string,
): PullCheck {
  return pullCheckOf(
    pullRequests(repositoryArn, roleArn).map(req => {
      const e = identityEffects(policies.identity, policies.boundary, req);
      return {
        action: req.action,
        allowed: allowedOf(e),
        denied: e.deny,
        undecided: e.undecided,
      };
    }),
  );
}

/**
 * What a repository policy contributes to one pull action of a role's
 * session (IAM User Guide, "Policy evaluation logic"): its Deny applies in
 * every case. Within the role's account its Allow grants without an
 * identity-based Allow when it names the role (then still limited by an
 * implicit deny in the permissions boundary: "How AWS enforcement code
 * logic evaluates requests", "IAM roles") or `*` (not limited by the
 * boundary); naming the account only delegates to the identity policies.
 * Across accounts, an Allow naming the role, its account or `*` is needed
 * besides the identity-based Allow ("Cross-account policy evaluation
 * logic"; ECR User Guide, "Private repository policies").
 */
function repositoryEffects(
  repositoryPolicy: PolicyDocument,
  boundary: PolicyDocument | undefined,
  req: PolicyRequest,
  sameAccount: boolean,
): { deny: Tri; grant: Tri; undecided: string[] } {
  const docs = [repositoryPolicy];
  const all = policyEffects(docs, req);
  if (!sameAccount)
    return { deny: all.deny, grant: all.allow, undecided: all.undecided };
  const named = policyEffects(docs, req, c => c.named).allow;
  const star = policyEffects(docs, req, c => c.star).allow;
  const bounded = boundary ? policyEffects([boundary], req).allow : 'true';
  return {
    deny: all.deny,
    grant: or3(and3(named, bounded), star),
    undecided: all.undecided,
  };
}

/**
 * Does a repository policy's Deny apply to a pull by this role's session?
 */
export function repositoryPolicyDenies(
  repositoryPolicy: PolicyDocument,
  roleArn: string,
  repositoryArn: string,
): Tri {
  return or3(
    ...pullRequests(repositoryArn, roleArn)
      .filter(req => req.resource !== '*')
      .map(req => policyEffects([repositoryPolicy], req).deny),
  );
}

/**
 * One request's answer, all policies together (see {@link canPullWithRepositoryPolicy}): the
 * resource-based policies (the repository's, and for a pull-through cache the registry's)
 * each deny and grant as a repository policy does.
 */
function answerWithRepositoryPolicy(
  policies: { identity: PolicyDocument[]; boundary?: PolicyDocument },
  req: PolicyRequest,
  resourcePolicies: PolicyDocument[],
  sameAccount: boolean,
) {
  const id = identityEffects(policies.identity, policies.boundary, req);
  if (req.resource === '*') {
    const undecided = id.undecided;
    return {
      action: req.action,
      allowed: allowedOf(id),
      denied: id.deny,
      undecided,
    };
  }
  const effects = resourcePolicies.map(p =>
    repositoryEffects(p, policies.boundary, req, sameAccount),
  );
  const repo = {
    deny: or3('false', ...effects.map(e => e.deny)),
    grant: or3('false', ...effects.map(e => e.grant)),
    undecided: effects.flatMap(e => e.undecided),
  };
  const allow = sameAccount
    ? or3(id.allow, repo.grant)
    : and3(id.allow, repo.grant);
  const denied = or3(id.deny, repo.deny);
  return {
    action: req.action,
    allowed: and3(allow, not3(denied)),
    denied,
    undecided: [...id.undecided, ...repo.undecided],
  };
}

/**
 * Can this role pull the repository, all policies together: identity
 * policies and boundary, and the repository policy (`undefined`: the
 * repository has none). GetAuthorizationToken is decided by the identity
 * side alone.
 */
export function canPullWithRepositoryPolicy(
  policies: { identity: PolicyDocument[]; boundary?: PolicyDocument },
  roleArn: string,
  repositoryArn: string,
  repositoryPolicy: PolicyDocument | undefined,
): PullCheck {
  const sameAccount = accountOfArn(roleArn) === accountOfArn(repositoryArn);
  return pullCheckOf(
    pullRequests(repositoryArn, roleArn).map(req =>
      answerWithRepositoryPolicy(
        policies,
        req,
        repositoryPolicy ? [repositoryPolicy] : [],
        sameAccount,
      ),
    ),
  );
}

/**
 * May this role's session do these actions on the repository ARN, all policies together
 * (as {@link canPullWithRepositoryPolicy}): what a pull through a pull-through cache rule
 * needs besides the pull (ECR User Guide, "IAM permissions required to sync an upstream
 * registry": ecr:BatchImportUpstreamImage, and ecr:CreateRepository while the repository
 * does not exist), which the repository policy and the registry's permissions policy may
 * grant too (`resourcePolicies`).
 */
export function canDoOnRepository(
  policies: { identity: PolicyDocument[]; boundary?: PolicyDocument },
  roleArn: string,
  repositoryArn: string,
  resourcePolicies: PolicyDocument[],
  actions: readonly string[],
): PullCheck {
  const sameAccount = accountOfArn(roleArn) === accountOfArn(repositoryArn);
  const known = roleSessionRequest(roleArn);
  return pullCheckOf(
    actions.map(action =>
      answerWithRepositoryPolicy(
        policies,
        { action, resource: repositoryArn, ...known },
        resourcePolicies,
        sameAccount,
      ),
    ),
  );
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
  // A role's policies (one object per role and audit, see rolePolicies) probed for each
  // repository once: a dozen evaluations, asked again by every workload of the role.
  let byRepository = BREADTH.get(policies);
  if (!byRepository) {
    byRepository = new Map();
    BREADTH.set(policies, byRepository);
  }
  let reasons = byRepository.get(repositoryArn);
  if (!reasons) {
    reasons = probePullBreadth(policies, repositoryArn);
    byRepository.set(repositoryArn, reasons);
  }
  return [...reasons];
}

function probePullBreadth(
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
