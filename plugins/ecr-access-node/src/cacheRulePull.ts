import { createFinding, Finding } from '@ecr-access/plugin-ecr-access-common';
import {
  canDoOnRepository,
  ECR_CACHE_CREATE_ACTION,
  ECR_CACHE_IMPORT_ACTION,
  PullCheck,
} from './ecrPermissions';
import { EcrRepositoryFacts } from './iamFacts';
import { parsePolicy, PolicyDocument } from './policyDocument';
import type { PullAbility, PullTarget } from './pullPrincipal';

type RolePolicies = { identity: PolicyDocument[]; boundary?: PolicyDocument };
type Result = { ability: PullAbility; findings: Finding[] };

/** A fresh answer each time: callers add their own findings to it (POLICY_TOO_BROAD). */
const yes = (): Result => ({ ability: 'yes', findings: [] });

/** The rule, as its owner knows it. */
function ruleName(prefix: string): string {
  return prefix === 'ROOT'
    ? "the registry's ROOT pull-through cache rule"
    : `the pull-through cache rule ${prefix}`;
}

/**
 * The registry's permissions policy: `known` with the policy (none when the registry has
 * none), or `read: false` when it was not read, or a malformed one (unknown, never guessed).
 */
function registryPolicyOf(
  facts: EcrRepositoryFacts,
  subject: string,
):
  | { read: true; policy?: PolicyDocument }
  | { read: false }
  | { malformed: Result } {
  if (facts.registryPolicy === null) return { read: true };
  if (facts.registryPolicy === undefined) return { read: false };
  const parsed = parsePolicy(facts.registryPolicy);
  if (parsed.ok) return { read: true, policy: parsed.policy };
  const text = `the registry permissions policy of account ${facts.accountId} in ${facts.region}: ${parsed.error}`;
  const finding = createFinding('INPUT_MALFORMED', subject, text);
  return { malformed: { ability: 'unknown', findings: [finding] } };
}

/** What the role's refusal means: the first pull fails; a cached repository's new tags do. */
function refusal(
  check: PullCheck,
  actions: string[],
  facts: EcrRepositoryFacts,
  what: { roleArn: string; repo: PullTarget; label: string; rule: string },
): Result {
  const { roleArn, repo, label, rule } = what;
  const subject = `IAM role ${roleArn}`;
  const missing = (check.missing.length ? check.missing : actions).join(', ');
  if (!facts.exists) {
    const needs = actions.join(' and ');
    const text = `repository ${repo.name} does not exist yet: ${rule} creates it on the first pull, which needs ${needs}, and the ${label} ${roleArn} is not allowed ${missing} for ${repo.repositoryArn}, so the pull fails`;
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

/**
 * What a role that may pull a repository under a pull-through cache rule still needs (ECR
 * User Guide, "IAM permissions required to sync an upstream registry"). A repository not yet
 * created needs ecr:CreateRepository and ecr:BatchImportUpstreamImage for the first pull:
 * without them the pull fails (an error). An existing one serves the tags it has cached
 * without them, but a tag not yet cached or updated upstream needs the import: a warning,
 * since which tags are cached is not read. The repository policy and the registry's
 * permissions policy may grant them too: a refusal by the role's own policies while the
 * registry policy was not read is unknown. Repositories under no rule, or whose rules were
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
): Result {
  const prefix = facts?.pullThroughCachePrefix;
  if (!facts || typeof prefix !== 'string') return yes();
  const subject = `IAM role ${roleArn}`;
  const registry = registryPolicyOf(facts, subject);
  if ('malformed' in registry) return registry.malformed;
  const actions = facts.exists
    ? [ECR_CACHE_IMPORT_ACTION]
    : [ECR_CACHE_CREATE_ACTION, ECR_CACHE_IMPORT_ACTION];
  const resourcePolicies = [
    ...(facts.exists && repositoryPolicy ? [repositoryPolicy] : []),
    ...(registry.read && registry.policy ? [registry.policy] : []),
  ];
  const check = canDoOnRepository(
    policies,
    roleArn,
    repo.repositoryArn,
    resourcePolicies,
    actions,
  );
  if (check.decision === 'allow') return yes();
  const rule = ruleName(prefix);
  const may = `may ${actions.join(' and ')} for ${repo.name} (${rule})`;
  if (check.decision === 'undecided') {
    const text = `whether the ${label} ${roleArn} ${may} depends on: ${check.undecided.join(
      '; ',
    )}`;
    const finding = createFinding('CONDITION_UNDECIDED', subject, text);
    return { ability: facts.exists ? 'yes' : 'undecided', findings: [finding] };
  }
  if (!registry.read && check.decision !== 'explicit-deny') {
    const text = `whether the ${label} ${roleArn} ${may} is unknown: its own policies do not allow it, and the registry permissions policy of account ${facts.accountId} in ${facts.region}, which may, could not be read (ecr:GetRegistryPolicy)`;
    const finding = createFinding('IAM_FACTS_MISSING', subject, text);
    return { ability: facts.exists ? 'yes' : 'unknown', findings: [finding] };
  }
  return refusal(check, actions, facts, { roleArn, repo, label, rule });
}
