import {
  DescribeRepositoriesCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  RepositoryNotFoundException,
  RepositoryPolicyNotFoundException,
} from '@aws-sdk/client-ecr';
import type { EcrRepositoryFacts } from '@ecr-access/plugin-ecr-access-node';
import pLimit from 'p-limit';
import type { CountOperation } from './roleFacts';
import { readCacheFacts } from './pullThroughCacheRules';

// DescribeRepositories takes at most 100 names per call (ECR API reference).
const NAMES_PER_CALL = 100;
/**
 * Repository reads in flight per registry and audit. A registry's policies are one call per
 * repository (ECR has no batch read of them), 80 ms or so each: 4 at a time left a cluster of
 * 1,000 repositories waiting 20 s. The client of each account paces itself (adaptive retry
 * mode) when ECR throttles.
 */
const READS_PER_REGISTRY = 16;

async function existingNames(
  ecr: ECRClient,
  accountId: string,
  names: string[],
  count: CountOperation,
): Promise<Set<string>> {
  try {
    count('ecr:DescribeRepositories');
    const { repositories } = await ecr.send(
      new DescribeRepositoriesCommand({
        registryId: accountId,
        repositoryNames: names,
      }),
    );
    return new Set((repositories ?? []).map(r => r.repositoryName!));
  } catch (error) {
    if (!(error instanceof RepositoryNotFoundException)) throw error;
    // One missing name fails the whole call: find which ones exist, one at a time.
    if (names.length === 1) return new Set();
    const limit = pLimit(READS_PER_REGISTRY);
    const found = await Promise.all(
      names.map(name =>
        limit(() => existingNames(ecr, accountId, [name], count)),
      ),
    );
    return new Set(found.flatMap(set => [...set]));
  }
}

async function repositoryPolicy(
  ecr: ECRClient,
  accountId: string,
  name: string,
  count: CountOperation,
): Promise<string | undefined> {
  count('ecr:GetRepositoryPolicy');
  const answer = await ecr
    .send(
      new GetRepositoryPolicyCommand({
        registryId: accountId,
        repositoryName: name,
      }),
    )
    .catch(error => {
      // No policy is an answer, not a failure.
      if (error instanceof RepositoryPolicyNotFoundException) return undefined;
      throw error;
    });
  return answer?.policyText;
}

/**
 * The repositories of one registry (account and region): whether each exists, its
 * repository policy, and the pull-through cache rule its name falls under with the registry's
 * permissions policy (pullThroughCacheRules.ts: left out when they could not be read, which
 * `onError` reports). Across accounts the policy must allow the pull (ECR user guide,
 * "Repository policies"); in the same account its Deny still refuses and its Allow naming the
 * role grants without an identity Allow (IAM, "Policy evaluation logic").
 */
export async function readRegistryFacts(
  ecr: ECRClient,
  registry: { accountId: string; region: string; names: string[] },
  count: CountOperation,
  onError: (repository: string, error: unknown) => void,
): Promise<EcrRepositoryFacts[]> {
  const { accountId, region, names } = registry;
  // Alongside the existence reads: one more request per registry, not one more wait.
  const rules = readCacheFacts(ecr, registry, count, onError);
  const existing = new Set<string>();
  for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
    const batch = names.slice(i, i + NAMES_PER_CALL);
    (await existingNames(ecr, accountId, batch, count)).forEach(n =>
      existing.add(n),
    );
  }
  // A few reads at a time per registry (the audit's limiter holds this registry's slot).
  const limit = pLimit(READS_PER_REGISTRY);
  const cacheFactsOf = await rules;
  const facts = await Promise.all(
    names.map(name =>
      limit(async (): Promise<EcrRepositoryFacts | undefined> => {
        const base = {
          accountId,
          region,
          name,
          exists: existing.has(name),
          ...cacheFactsOf(name),
        };
        if (!base.exists) return base;
        try {
          return {
            ...base,
            policy: await repositoryPolicy(ecr, accountId, name, count),
          };
        } catch (error) {
          // Left out, not "no policy": the engine says the pull is unknown.
          onError(name, error);
          return undefined;
        }
      }),
    ),
  );
  return facts.filter((f): f is EcrRepositoryFacts => f !== undefined);
}
