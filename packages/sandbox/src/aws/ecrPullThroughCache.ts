import { AwsContext } from './context';
import { AwsError } from './errors';
import { PullThroughCacheRule } from './model';

/*
 * ECR's pull-through cache reads. DescribePullThroughCacheRules (ECR API Reference), JSON 1.1 as the other ECR
 * operations: `{registryId?, ecrRepositoryPrefixes?, maxResults?, nextToken?}` in, the
 * registry's rules in `pullThroughCacheRules` (timestamps in epoch seconds) and `nextToken`
 * while more remain. maxResults is 1 to 1000 (100 when absent); a prefix asked for that has
 * no rule is PullThroughCacheRuleNotFoundException.
 */

const epoch = (date: Date) => date.getTime() / 1000;

const PREFIX =
  /^(?:(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?|ROOT)$/;

function ruleView(rule: PullThroughCacheRule) {
  return {
    ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
    upstreamRegistryUrl: rule.upstreamRegistryUrl,
    createdAt: epoch(rule.createdAt),
    registryId: rule.account,
    ...(rule.credentialArn && { credentialArn: rule.credentialArn }),
    ...(rule.upstreamRegistry && { upstreamRegistry: rule.upstreamRegistry }),
    updatedAt: epoch(rule.createdAt),
  };
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', message, 400);
}

/** The prefixes asked for, validated as ECR does. */
function prefixesOf(input: any): string[] | undefined {
  const prefixes = input.ecrRepositoryPrefixes;
  if (prefixes === undefined) return undefined;
  if (!Array.isArray(prefixes) || prefixes.length < 1 || prefixes.length > 100)
    throw invalid(
      "Invalid parameter at 'ecrRepositoryPrefixes' failed to satisfy constraint: 'Member must have length between 1 and 100'",
    );
  for (const p of prefixes) {
    if (
      typeof p !== 'string' ||
      p.length < 2 ||
      p.length > 30 ||
      !PREFIX.test(p)
    )
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${p}' at 'ecrRepositoryPrefixes' failed to satisfy constraint: Member must satisfy regular expression pattern: ${PREFIX.source}`,
        400,
      );
  }
  return prefixes.map(p => p.replace(/\/$/, ''));
}

function maxResultsOf(input: any): number {
  const maxResults = input.maxResults ?? 100;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
    throw invalid(
      "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'",
    );
  }
  return maxResults;
}

/**
 * GetRegistryPolicy (ECR API Reference): the caller's own registry in the region (the
 * request names none), `{registryId, policyText}`, or RegistryPolicyNotFoundException.
 */
export function getRegistryPolicy(ctx: AwsContext) {
  const registryId = ctx.caller.account;
  const policyText = ctx.state.accounts
    .get(registryId)
    ?.registryPolicies.get(ctx.region);
  if (policyText === undefined) {
    throw new AwsError(
      'RegistryPolicyNotFoundException',
      `Registry policy does not exist in the registry with id '${registryId}'`,
      400,
    );
  }
  return { registryId, policyText };
}

export function describePullThroughCacheRules(ctx: AwsContext, input: any) {
  const registryId = input.registryId ?? ctx.caller.account;
  const prefixes = prefixesOf(input);
  const maxResults = maxResultsOf(input);
  const rules = (
    ctx.state.accounts.get(registryId)?.pullThroughCacheRules ?? []
  )
    .filter(r => r.region === ctx.region)
    .sort((a, b) => a.ecrRepositoryPrefix.localeCompare(b.ecrRepositoryPrefix));
  const absent = prefixes?.find(
    p => !rules.some(r => r.ecrRepositoryPrefix === p),
  );
  if (absent !== undefined) {
    throw new AwsError(
      'PullThroughCacheRuleNotFoundException',
      `The pull through cache rule with prefix '${absent}' does not exist in the registry with id '${registryId}'`,
      400,
    );
  }
  const all = prefixes
    ? rules.filter(r => prefixes.includes(r.ecrRepositoryPrefix))
    : rules;
  const start = input.nextToken
    ? Number(Buffer.from(String(input.nextToken), 'base64').toString())
    : 0;
  if (!Number.isInteger(start) || start < 0)
    throw invalid('Invalid parameter at nextToken: the token is not valid');
  const page = all.slice(start, start + maxResults);
  const next =
    start + maxResults < all.length
      ? Buffer.from(String(start + maxResults)).toString('base64')
      : undefined;
  return {
    pullThroughCacheRules: page.map(ruleView),
    ...(next ? { nextToken: next } : {}),
  };
}
