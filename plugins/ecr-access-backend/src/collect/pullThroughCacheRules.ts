import {
  ECRClient,
  paginateDescribePullThroughCacheRules,
} from '@aws-sdk/client-ecr';
import { allPages } from './awsPages';
import type { CountOperation } from './roleFacts';

/**
 * The `ecrRepositoryPrefix` of each pull-through cache rule of one registry (account and
 * region), every page (DescribePullThroughCacheRules, 100 a page by default). One read per
 * registry and audit: the repositories under audit are matched in memory.
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
