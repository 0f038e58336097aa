import {
  createFinding,
  Finding,
  FindingCode,
} from '@ecr-access/plugin-ecr-access-common';
import {
  canPullRepository,
  canPullWithRepositoryPolicy,
  ECR_PULL_ACTIONS,
  pullPolicyBreadth,
  repositoryPolicyDenies,
  rolePolicies,
} from './ecrPermissions';
import { cacheRulePull } from './cacheRulePull';
import {
  accountOfArn,
  EcrRepositoryFacts,
  findRole,
  IamFacts,
  repositoryFactsByName,
} from './iamFacts';
import { parsePolicy, PolicyDocument } from './policyDocument';

/** Whether a set of principals can pull a repository. @internal */
export type PullAbility = 'yes' | 'no' | 'undecided' | 'unknown';

/** @internal */
export interface PullCheckResult {
  ability: PullAbility;
  findings: Finding[];
}

/** @internal */
export interface PullTarget {
  repositoryArn: string;
  accountId: string;
  region: string;
  name: string;
}

/**
 * The same fact gets the same text wherever it is found, so that a role
 * checked for trust and for pulls is reported once.
 *
 * @internal
 */
export function roleNotFoundText(roleArn: string): string {
  return `IAM role ${roleArn} does not exist`;
}

/** @internal */
export function roleNotReadText(roleArn: string): string {
  return `IAM role ${roleArn} was not read from IAM`;
}

function one(
  ability: PullAbility,
  code: FindingCode,
  subject: string,
  message: string,
): PullCheckResult {
  return { ability, findings: [createFinding(code, subject, message)] };
}

type RolePolicies = { identity: PolicyDocument[]; boundary?: PolicyDocument };

/** The repository policy as the engine needs it (with the repository's facts), or why it cannot be had. */
type RepositoryPolicyFacts =
  | { known: true; policy?: PolicyDocument; facts?: EcrRepositoryFacts }
  | { known: false; result: PullCheckResult };

/**
 * A repository of another account that a pull-through cache rule creates on the first pull:
 * the creation across accounts rests on that registry's permissions policy, which is not read.
 */
function crossAccountCacheCreation(
  roleArn: string,
  repo: PullTarget,
): PullCheckResult {
  const text = `repository ${repo.name} does not exist yet in account ${repo.accountId}; its pull-through cache rule creates it on the first pull, which ${roleArn} of another account may do only through that registry's permissions policy, which is not read`;
  const subject = `ECR repository ${repo.repositoryArn}`;
  return one('unknown', 'IAM_FACTS_MISSING', subject, text);
}

/**
 * The repository policy of the pulled repository. The collector reads every
 * repository's policy, the role's own account's too (its Deny refuses, its
 * Allow naming the role grants), so a repository absent from the facts is a
 * missing fact in any account: unknown, never "no policy".
 */
function repositoryPolicyFacts(
  iam: IamFacts,
  roleArn: string,
  repo: PullTarget,
  cross: boolean,
): RepositoryPolicyFacts {
  const subject = `ECR repository ${repo.repositoryArn}`;
  const facts = repositoryFactsByName(iam, repo.accountId, repo.name).find(
    r => r.region === repo.region,
  );
  // A repository that does not exist is reported by the region checks (missingRepository.ts);
  // one a pull-through cache rule creates is the role's to create (cacheRulePull).
  if (facts && !facts.exists) {
    if (!cross) return { known: true, facts };
    if (typeof facts.pullThroughCachePrefix === 'string')
      return { known: false, result: crossAccountCacheCreation(roleArn, repo) };
    return { known: false, result: { ability: 'unknown', findings: [] } };
  }
  if (!facts) {
    const text = `the repository policy of ${repo.repositoryArn} was not read, so the pull by ${roleArn} cannot be checked`;
    return {
      known: false,
      result: one('unknown', 'IAM_FACTS_MISSING', subject, text),
    };
  }
  if (facts.policy === undefined) return { known: true, facts };
  const parsed = parsePolicy(facts.policy);
  if (!parsed.ok) {
    const text = `repository policy of ${repo.repositoryArn}: ${parsed.error}`;
    return {
      known: false,
      result: one('unknown', 'INPUT_MALFORMED', subject, text),
    };
  }
  return { known: true, policy: parsed.policy, facts };
}

function undecidedResult(
  subject: string,
  what: string,
  undecided: string[],
): PullCheckResult {
  const text = `whether ${what} depends on: ${undecided.join('; ')}`;
  return one('undecided', 'CONDITION_UNDECIDED', subject, text);
}

/** Why a pull that all policies together refuse is refused. */
function refusal(
  policies: RolePolicies,
  roleArn: string,
  repo: PullTarget,
  policy: PolicyDocument | undefined,
  label: string,
): PullCheckResult {
  const own = canPullRepository(policies, repo.repositoryArn, roleArn);
  const sameAccount = accountOfArn(roleArn) === repo.accountId;
  const denies = policy
    ? repositoryPolicyDenies(policy, roleArn, repo.repositoryArn)
    : 'false';
  if (denies === 'true') {
    const text = `the repository policy of ${repo.repositoryArn} denies the pull to ${roleArn}`;
    const code = sameAccount
      ? 'ROLE_LACKS_ECR_PULL'
      : 'CROSS_ACCOUNT_NOT_ALLOWED';
    return one('no', code, `ECR repository ${repo.repositoryArn}`, text);
  }
  if (sameAccount || own.decision !== 'allow') {
    const missing = own.missing.length ? own.missing : ECR_PULL_ACTIONS;
    const text = `the ${label} ${roleArn} is not allowed ${missing.join(
      ', ',
    )} for ${repo.repositoryArn}`;
    return one('no', 'ROLE_LACKS_ECR_PULL', `IAM role ${roleArn}`, text);
  }
  const why =
    policy === undefined
      ? 'has no repository policy'
      : 'has a repository policy that does not allow it';
  const text = `${roleArn} (account ${accountOfArn(
    roleArn,
  )}) pulls from account ${repo.accountId}, whose repository ${
    repo.name
  } ${why}`;
  return one(
    'no',
    'CROSS_ACCOUNT_NOT_ALLOWED',
    `ECR repository ${repo.repositoryArn}`,
    text,
  );
}

/**
 * All policies together (IAM User Guide, "Policy evaluation logic"):
 * identity policies and boundary, and the repository policy, whose Deny
 * denies in every account and whose Allow naming the role grants within
 * the role's account.
 */
function permissionCheck(
  iam: IamFacts,
  policies: RolePolicies,
  roleArn: string,
  repo: PullTarget,
  label: string,
): PullCheckResult {
  const own = canPullRepository(policies, repo.repositoryArn, roleArn);
  const roleSubject = `IAM role ${roleArn}`;
  const what = `the ${label} can pull ${repo.name}`;
  if (own.decision === 'explicit-deny') {
    return refusal(policies, roleArn, repo, undefined, label);
  }
  const cross = accountOfArn(roleArn) !== repo.accountId;
  const facts = repositoryPolicyFacts(iam, roleArn, repo, cross);
  if (!facts.known) {
    // Across accounts the identity side alone can already refuse.
    if (own.decision === 'implicit-deny')
      return refusal(policies, roleArn, repo, undefined, label);
    if (own.decision === 'undecided')
      return undecidedResult(roleSubject, what, own.undecided);
    return facts.result;
  }
  const all = canPullWithRepositoryPolicy(
    policies,
    roleArn,
    repo.repositoryArn,
    facts.policy,
  );
  if (all.decision === 'allow') {
    const { facts: repoFacts, policy } = facts;
    return cacheRulePull(policies, roleArn, repo, repoFacts, policy, label);
  }
  if (all.decision === 'undecided')
    return undecidedResult(roleSubject, what, all.undecided);
  return refusal(policies, roleArn, repo, facts.policy, label);
}

/**
 * Each cluster's answers by role, repository and label: the workloads of a cluster pull a
 * few hundred repositories with a few dozen roles, and the node roles are asked about every
 * image that relies on them (policy evaluation was a third of an audit's CPU). Keyed by the
 * IAM facts object, which the engine builds once per cluster, so nothing outlives an audit.
 */
const PULL_CHECKS = new WeakMap<IamFacts, Map<string, PullCheckResult>>();

/**
 * Can one role pull the repository: it exists, and its identity policies
 * and boundary together with the repository policy allow the pull.
 *
 * @internal
 */
export function rolePullCheck(
  iam: IamFacts,
  roleArn: string,
  repo: PullTarget,
  opts: { checkBreadth: boolean; label: string },
): PullCheckResult {
  let checks = PULL_CHECKS.get(iam);
  if (!checks) {
    checks = new Map();
    PULL_CHECKS.set(iam, checks);
  }
  const key = JSON.stringify([
    roleArn,
    repo.repositoryArn,
    repo.accountId,
    repo.region,
    repo.name,
    opts.checkBreadth,
    opts.label,
  ]);
  let result = checks.get(key);
  if (!result) {
    result = checkRolePull(iam, roleArn, repo, opts);
    checks.set(key, result);
  }
  // Each caller gets its own copy: findings are added to and grouped per workload.
  return {
    ...result,
    findings: result.findings.map(f => ({ ...f })),
  };
}

function checkRolePull(
  iam: IamFacts,
  roleArn: string,
  repo: PullTarget,
  opts: { checkBreadth: boolean; label: string },
): PullCheckResult {
  const subject = `IAM role ${roleArn}`;
  const role = findRole(iam, roleArn);
  if (!role) {
    const text = roleNotReadText(roleArn);
    return one('unknown', 'IAM_FACTS_MISSING', subject, text);
  }
  if (!role.exists) {
    const text = roleNotFoundText(roleArn);
    return one('no', 'ROLE_NOT_FOUND', subject, text);
  }
  const policies = rolePolicies(role);
  if (!policies.ok) {
    return one('unknown', 'INPUT_MALFORMED', subject, policies.error);
  }
  const result = permissionCheck(iam, policies, roleArn, repo, opts.label);
  if (opts.checkBreadth) {
    const reasons = pullPolicyBreadth(policies, repo.repositoryArn);
    if (reasons.length) {
      const text = `the ${opts.label} ${roleArn}: ${reasons.join('; ')}`;
      result.findings.push(createFinding('POLICY_TOO_BROAD', subject, text));
    }
  }
  return result;
}

/**
 * Pull ability of a set of interchangeable roles (the kubelet on any node
 * may pull): yes if any can; no only if every one is known not to.
 *
 * @internal
 */
export function anyRolePullCheck(
  iam: IamFacts,
  roleArns: string[],
  repo: PullTarget,
  label: string,
): PullCheckResult {
  const results = roleArns.map(arn =>
    rolePullCheck(iam, arn, repo, { checkBreadth: false, label }),
  );
  const abilities = results.map(r => r.ability);
  // A role that pulls may still say something (a pull-through cache repository's new tags
  // fail with it): the pods on its nodes have that problem whatever the other roles can do.
  if (abilities.includes('yes')) {
    const ofPulling = results.filter(r => r.ability === 'yes');
    return { ability: 'yes', findings: ofPulling.flatMap(r => r.findings) };
  }
  const findings = results.flatMap(r => r.findings);
  if (abilities.length > 0 && abilities.every(a => a === 'no')) {
    return { ability: 'no', findings };
  }
  const ability = abilities.includes('undecided') ? 'undecided' : 'unknown';
  return { ability, findings };
}
