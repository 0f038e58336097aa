import { createFinding, Finding } from '@ecr-access/plugin-ecr-access-common';
import {
  canPullRepository,
  pullPolicyBreadth,
  repositoryPolicyAllows,
  rolePolicies,
} from './ecrPermissions';
import { accountOfArn, findRole, IamFacts } from './iamFacts';

/** Whether a set of principals can pull a repository. @internal */
export type PullAbility = 'yes' | 'no' | 'undecided' | 'unknown';

/** @internal */
export interface PullTarget {
  repositoryArn: string;
  accountId: string;
  region: string;
  name: string;
}

function crossAccountCheck(
  iam: IamFacts,
  roleArn: string,
  repo: PullTarget,
): { ability: PullAbility; findings: Finding[] } {
  const subject = `ECR repository ${repo.repositoryArn}`;
  const facts = iam.repositories?.find(
    r =>
      r.accountId === repo.accountId &&
      r.region === repo.region &&
      r.name === repo.name,
  );
  if (!facts) {
    return {
      ability: 'unknown',
      findings: [
        createFinding(
          'IAM_FACTS_MISSING',
          subject,
          `the repository policy of ${repo.repositoryArn} in account ${repo.accountId} was not read, so the cross-account pull by ${roleArn} cannot be checked`,
        ),
      ],
    };
  }
  if (!facts.exists) return { ability: 'unknown', findings: [] };
  const r = repositoryPolicyAllows(facts.policy, roleArn, repo.repositoryArn);
  if ('error' in r)
    return {
      ability: 'unknown',
      findings: [createFinding('INPUT_MALFORMED', subject, r.error)],
    };
  if (r.decision === 'allow') return { ability: 'yes', findings: [] };
  if (r.decision === 'undecided') {
    return {
      ability: 'undecided',
      findings: [
        createFinding(
          'CONDITION_UNDECIDED',
          subject,
          `whether the repository policy allows ${roleArn} depends on: ${r.undecided.join(
            '; ',
          )}`,
        ),
      ],
    };
  }
  const why =
    facts.policy === undefined
      ? 'has no repository policy'
      : 'has a repository policy that does not allow it';
  return {
    ability: 'no',
    findings: [
      createFinding(
        'CROSS_ACCOUNT_NOT_ALLOWED',
        subject,
        `${roleArn} (account ${accountOfArn(roleArn)}) pulls from account ${
          repo.accountId
        }, whose repository ${repo.name} ${why}`,
      ),
    ],
  };
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
): { ability: PullAbility; findings: Finding[] } {
  const subject = `IAM role ${roleArn}`;
  const role = findRole(iam, roleArn);
  if (!role) {
    return {
      ability: 'unknown',
      findings: [
        createFinding(
          'IAM_FACTS_MISSING',
          subject,
          `the ${opts.label} ${roleArn} was not read from IAM`,
        ),
      ],
    };
  }
  if (!role.exists) {
    return {
      ability: 'no',
      findings: [
        createFinding(
          'ROLE_NOT_FOUND',
          subject,
          `the ${opts.label} ${roleArn} does not exist`,
        ),
      ],
    };
  }
  const policies = rolePolicies(role);
  if (!policies.ok)
    return {
      ability: 'unknown',
      findings: [createFinding('INPUT_MALFORMED', subject, policies.error)],
    };
  const findings: Finding[] = [];
  const check = canPullRepository(policies, repo.repositoryArn);
  let ability: PullAbility = 'yes';
  if (check.decision === 'undecided') {
    ability = 'undecided';
    findings.push(
      createFinding(
        'CONDITION_UNDECIDED',
        subject,
        `whether the ${opts.label} can pull ${
          repo.name
        } depends on: ${check.undecided.join('; ')}`,
      ),
    );
  } else if (check.decision !== 'allow') {
    ability = 'no';
    findings.push(
      createFinding(
        'ROLE_LACKS_ECR_PULL',
        subject,
        `the ${opts.label} ${roleArn} is not allowed ${check.missing.join(
          ', ',
        )} for ${repo.repositoryArn}`,
      ),
    );
  }
  if (opts.checkBreadth) {
    const reasons = pullPolicyBreadth(policies, repo.repositoryArn);
    if (reasons.length)
      findings.push(
        createFinding(
          'POLICY_TOO_BROAD',
          subject,
          `the ${opts.label} ${roleArn}: ${reasons.join('; ')}`,
        ),
      );
  }
  if (ability === 'yes' && accountOfArn(roleArn) !== repo.accountId) {
    const cross = crossAccountCheck(iam, roleArn, repo);
    findings.push(...cross.findings);
    ability = cross.ability;
  }
  return { ability, findings };
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
): { ability: PullAbility; findings: Finding[] } {
  const results = roleArns.map(arn =>
    rolePullCheck(iam, arn, repo, { checkBreadth: false, label }),
  );
  const abilities = results.map(r => r.ability);
  if (abilities.includes('yes')) return { ability: 'yes', findings: [] };
  const findings = results.flatMap(r => r.findings);
  if (abilities.length > 0 && abilities.every(a => a === 'no'))
    return { ability: 'no', findings };
  return {
    ability: abilities.includes('undecided') ? 'undecided' : 'unknown',
    findings,
  };
}
