import { createFinding, Finding } from '@ecr-access/plugin-ecr-access-common';
import {
  canDoOnRepository,
  ECR_CACHE_CREATE_ACTION,
  ECR_CACHE_IMPORT_ACTION,
} from './ecrPermissions';
import { EcrRepositoryFacts } from './iamFacts';
import { PolicyDocument } from './policyDocument';
import type { PullAbility, PullTarget } from './pullPrincipal';

type RolePolicies = { identity: PolicyDocument[]; boundary?: PolicyDocument };

/** The rule, as its owner knows it. */
function ruleName(prefix: string): string {
  return prefix === 'ROOT'
    ? "the registry's ROOT pull-through cache rule"
    : `the pull-through cache rule ${prefix}`;
}

/**
 * What a role that may pull a repository under a pull-through cache rule still needs (ECR
 * User Guide, "IAM permissions required to sync an upstream registry"). A repository not yet
 * created needs ecr:CreateRepository and ecr:BatchImportUpstreamImage for the first pull:
 * without them the pull fails (an error). An existing one serves the tags it has cached
 * without them, but a tag not yet cached or updated upstream needs the import: a warning,
 * since which tags are cached is not read. Repositories under no rule, or whose rules were
 * not read, need nothing more here (missingRepository.ts says what is unknown).
 *
 * @internal
 */
export function cacheRulePull(
  policies: RolePolicies,
  roleArn: string,
  repo: PullTarget,
  facts: EcrRepositoryFacts | undefined,
  repositoryPolicy: PolicyDocument | undefined,
  label: string,
): { ability: PullAbility; findings: Finding[] } {
  const prefix = facts?.pullThroughCachePrefix;
  if (!facts || typeof prefix !== 'string')
    return { ability: 'yes', findings: [] };
  const actions = facts.exists
    ? [ECR_CACHE_IMPORT_ACTION]
    : [ECR_CACHE_CREATE_ACTION, ECR_CACHE_IMPORT_ACTION];
  const check = canDoOnRepository(
    policies,
    roleArn,
    repo.repositoryArn,
    facts.exists ? repositoryPolicy : undefined,
    actions,
  );
  if (check.decision === 'allow') return { ability: 'yes', findings: [] };
  const subject = `IAM role ${roleArn}`;
  const rule = ruleName(prefix);
  if (check.decision === 'undecided') {
    const text = `whether the ${label} ${roleArn} may ${actions.join(
      ' and ',
    )} for ${repo.name} (${rule}) depends on: ${check.undecided.join('; ')}`;
    const finding = createFinding('CONDITION_UNDECIDED', subject, text);
    return { ability: facts.exists ? 'yes' : 'undecided', findings: [finding] };
  }
  const missing = (check.missing.length ? check.missing : actions).join(', ');
  if (!facts.exists) {
    const text = `repository ${
      repo.name
    } does not exist yet: ${rule} creates it on the first pull, which needs ${actions.join(
      ' and ',
    )}, and the ${label} ${roleArn} is not allowed ${missing} for ${
      repo.repositoryArn
    }, so the pull fails`;
    const finding = createFinding('ROLE_LACKS_ECR_PULL', subject, text);
    return { ability: 'no', findings: [finding] };
  }
  const text = `the ${label} ${roleArn} is not allowed ${missing} for ${repo.repositoryArn}, a repository of ${rule}: tags already cached pull, but a tag not yet cached or updated upstream fails to pull`;
  const finding = createFinding(
    'ROLE_LACKS_ECR_PULL',
    subject,
    text,
    'warning',
  );
  return { ability: 'yes', findings: [finding] };
}
