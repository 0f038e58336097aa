import {
  ECRClient,
  GetRegistryPolicyCommand,
  paginateDescribePullThroughCacheRules,
  RegistryPolicyNotFoundException,
} from '@aws-sdk/client-ecr';
import type { EcrRepositoryFacts } from '@ecr-access/plugin-ecr-access-node';
import { allPages } from './awsPages';
import type { CountOperation } from './roleFacts';

/** What `onError` names when the registry's pull-through cache rules could not be read. */
export const CACHE_RULES_UNREAD = 'pull-through cache rules';
/** What `onError` names when the registry's permissions policy could not be read. */
export const REGISTRY_POLICY_UNREAD = 'registry permissions policy';

type CacheFacts = Pick<
  EcrRepositoryFacts,
  'pullThroughCachePrefix' | 'registryPolicy'
>;

/**
 * The `ecrRepositoryPrefix` of each pull-through cache rule of one registry (account and
 * region), every page (DescribePullThroughCacheRules, 100 a page by default).
 */
export async function readCacheRulePrefixes(
  ecr: ECRClient,
  accountId: string,
  count: CountOperation,
): Promise<string[]> {
  return allPages(
    paginateDescribePullThroughCacheRules(
      { client: ecr },
      { registryId: accountId },
    ),
    () => count('ecr:DescribePullThroughCacheRules'),
    page =>
      (page.pullThroughCacheRules ?? []).flatMap(r =>
        r.ecrRepositoryPrefix ? [r.ecrRepositoryPrefix] : [],
      ),
  );
}

/**
 * The rule a repository name falls under (ECR User Guide, "Customizing repository prefixes
 * for ECR to ECR pull through cache"): a prefix `p` covers the names under `p/` (ECR always
 * adds the slash), the most specific first; `ROOT` covers every name no other rule claims.
 * `null`: no rule covers it.
 */
export function cacheRulePrefixOf(
  prefixes: string[],
  name: string,
): string | null {
  const covering = prefixes
    .map(p => p.replace(/\/+$/, ''))
    .filter(p => p !== 'ROOT' && name.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length);
  if (covering.length) return covering[0];
  return prefixes.includes('ROOT') ? 'ROOT' : null;
}

/**
 * The registry's permissions policy (GetRegistryPolicy reads the caller's own registry, which
 * the registry account's credentials are), `null` when it has none: it may grant the
 * ecr:CreateRepository and ecr:BatchImportUpstreamImage a pull through a cache rule needs.
 */
async function readRegistryPolicy(
  ecr: ECRClient,
  count: CountOperation,
): Promise<string | null> {
  count('ecr:GetRegistryPolicy');
  try {
    const answer = await ecr.send(new GetRegistryPolicyCommand({}));
    return answer.policyText ?? null;
  } catch (error) {
    // No policy is an answer, not a failure.
    if (error instanceof RegistryPolicyNotFoundException) return null;
    throw error;
  }
}

/**
 * What a registry's pull-through cache says of each of `names`: the rule it falls under, and
 * for those under one the registry's permissions policy. One rules read per registry, and one
 * registry policy read where some name is under a rule. What cannot be read is left out (the
 * engine then says unknown) and reported through `onError` as {@link CACHE_RULES_UNREAD} or
 * {@link REGISTRY_POLICY_UNREAD}.
 */
export async function readCacheFacts(
  ecr: ECRClient,
  registry: { accountId: string; names: string[] },
  count: CountOperation,
  onError: (what: string, error: unknown) => void,
): Promise<(name: string) => CacheFacts> {
  let prefixes: string[];
  try {
    prefixes = await readCacheRulePrefixes(ecr, registry.accountId, count);
  } catch (error) {
    onError(CACHE_RULES_UNREAD, error);
    return () => ({});
  }
  const under = new Map(
    registry.names.map(n => [n, cacheRulePrefixOf(prefixes, n)]),
  );
  const cached = [...under.values()].some(p => typeof p === 'string');
  const registryPolicy = cached
    ? await readRegistryPolicy(ecr, count).catch(error => {
        onError(REGISTRY_POLICY_UNREAD, error);
        return undefined;
      })
    : undefined;
  return name => {
    const prefix = under.get(name) ?? null;
    if (typeof prefix !== 'string') return { pullThroughCachePrefix: prefix };
    return {
      pullThroughCachePrefix: prefix,
      ...(registryPolicy !== undefined && { registryPolicy }),
    };
  };
}
