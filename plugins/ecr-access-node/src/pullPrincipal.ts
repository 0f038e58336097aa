import {
  createFinding,
  Finding,
  FindingCode,
} from '@ecr-access/plugin-ecr-access-common';
import {
  canPullRepository,
  pullPolicyBreadth,
  repositoryPolicyAllows,
  rolePolicies,
} from './ecrPermissions';
import { accountOfArn, findRole, IamFacts } from './iamFacts';
import { PolicyDocument } from './policyDocument';

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

/** Cross-account pulls also need the repository policy (ECR user guide). */
function crossAccountCheck(
  iam: IamFacts,
  roleArn: string,
  repo: PullTarget,
): PullCheckResult {
  const subject = `ECR repository ${repo.repositoryArn}`;
  const facts = iam.repositories?.find(
    r =>
      r.accountId === repo.accountId &&
      r.region === repo.region &&
      r.name === repo.name,
  );
  if (!facts) {
    const text = `the repository policy of ${repo.repositoryArn} was not read, so the cross-account pull by ${roleArn} cannot be checked`;
    return one('unknown', 'IAM_FACTS_MISSING', subject, text);
  }
  if (!facts.exists) return { ability: 'unknown', findings: [] };
  const r = repositoryPolicyAllows(facts.policy, roleArn, repo.repositoryArn);
  if ('error' in r) return one('unknown', 'INPUT_MALFORMED', subject, r.error);
  if (r.decision === 'allow') return { ability: 'yes', findings: [] };
  if (r.decision === 'undecided') {
    const text = `whether the repository policy allows ${roleArn} depends on: ${r.undecided.join(
      '; ',
    )}`;
    return one('undecided', 'CONDITION_UNDECIDED', subject, text);
  }
  const why =
    facts.policy === undefined
      ? 'has no repository policy'
      : 'has a repository policy that does not allow it';
  const text = `${roleArn} (account ${accountOfArn(
    roleArn,
  )}) pulls from account ${repo.accountId}, whose repository ${
    repo.name
  } ${why}`;
  return one('no', 'CROSS_ACCOUNT_NOT_ALLOWED', subject, text);
}

function permissionCheck(
  policies: { identity: PolicyDocument[]; boundary?: PolicyDocument },
  roleArn: string,
  repo: PullTarget,
  label: string,
): PullCheckResult {
  const subject = `IAM role ${roleArn}`;
  const check = canPullRepository(policies, repo.repositoryArn);
  if (check.decision === 'undecided') {
    const text = `whether the ${label} can pull ${
      repo.name
    } depends on: ${check.undecided.join('; ')}`;
    return one('undecided', 'CONDITION_UNDECIDED', subject, text);
  }
  if (check.decision !== 'allow') {
    const text = `the ${label} ${roleArn} is not allowed ${check.missing.join(
      ', ',
    )} for ${repo.repositoryArn}`;
    return one('no', 'ROLE_LACKS_ECR_PULL', subject, text);
  }
  return { ability: 'yes', findings: [] };
}

/**
 * Can one role pull the repository: it exists, its identity policies and
 * boundary allow the pull, and for another account's repository the
 * repository policy allows it too.
 *
 * @internal
 */
export function rolePullCheck(
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
  const result = permissionCheck(policies, roleArn, repo, opts.label);
  if (opts.checkBreadth) {
    const reasons = pullPolicyBreadth(policies, repo.repositoryArn);
    if (reasons.length) {
      const text = `the ${opts.label} ${roleArn}: ${reasons.join('; ')}`;
      result.findings.push(createFinding('POLICY_TOO_BROAD', subject, text));
    }
  }
  if (result.ability === 'yes' && accountOfArn(roleArn) !== repo.accountId) {
    const cross = crossAccountCheck(iam, roleArn, repo);
    return {
      ability: cross.ability,
      findings: [...result.findings, ...cross.findings],
    };
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
  if (abilities.includes('yes')) return { ability: 'yes', findings: [] };
  const findings = results.flatMap(r => r.findings);
  if (abilities.length > 0 && abilities.every(a => a === 'no')) {
    return { ability: 'no', findings };
  }
  const ability = abilities.includes('undecided') ? 'undecided' : 'unknown';
  return { ability, findings };
}
