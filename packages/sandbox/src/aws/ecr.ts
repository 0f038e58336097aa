import { randomBytes } from 'node:crypto';
import { ecrHost } from '../scenario/derived';
import { AwsContext } from './context';
import { AwsError } from './errors';
import {
  describePullThroughCacheRules,
  getRegistryPolicy,
} from './ecrPullThroughCache';
import { Repository } from './model';

/**
 * ECR, JSON 1.1 (`X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Op>`):
 * DescribeRepositories, GetRepositoryPolicy, GetAuthorizationToken,
 * DescribePullThroughCacheRules and GetRegistryPolicy (ecrPullThroughCache.ts).
 * Timestamps are epoch seconds; errors are `{"__type": …, "message": …}`.
 */
const TOKEN_LIFETIME_MS = 12 * 3600 * 1000; // ECR authorization tokens live 12 hours.
const epoch = (date: Date) => date.getTime() / 1000;

function repositoriesOf(ctx: AwsContext, registryId: string): Repository[] {
  const account = ctx.state.accounts.get(registryId);
  return [...(account?.repositories.values() ?? [])]
    .filter(r => r.region === ctx.region)
    .sort((a, b) => a.name.localeCompare(b.name));
}

function repositoryView(repo: Repository) {
  return {
    repositoryArn: repo.arn,
    registryId: repo.account,
    repositoryName: repo.name,
    repositoryUri: repo.uri,
    createdAt: epoch(repo.createdAt),
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: 'AES256' },
  };
}

function notFound(name: string, registryId: string) {
  return new AwsError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
    400,
  );
}

function describeRepositories(ctx: AwsContext, input: any) {
  const registryId = input.registryId ?? ctx.caller.account;
  const all = repositoriesOf(ctx, registryId);
  if (
    Array.isArray(input.repositoryNames) &&
    input.repositoryNames.length > 0
  ) {
    return {
      repositories: (input.repositoryNames as string[]).map(name => {
        const repo = all.find(r => r.name === name);
        if (!repo) throw notFound(name, registryId);
        return repositoryView(repo);
      }),
    };
  }
  const maxResults = input.maxResults ?? 100;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
    throw new AwsError(
      'InvalidParameterException',
      "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'",
      400,
    );
  }
  const start = input.nextToken
    ? Number(Buffer.from(input.nextToken, 'base64').toString())
    : 0;
  const page = all.slice(start, start + maxResults);
  const next =
    start + maxResults < all.length
      ? Buffer.from(String(start + maxResults)).toString('base64')
      : undefined;
  return {
    repositories: page.map(repositoryView),
    ...(next ? { nextToken: next } : {}),
  };
}

function getRepositoryPolicy(ctx: AwsContext, input: any) {
  const registryId = input.registryId ?? ctx.caller.account;
  if (typeof input.repositoryName !== 'string') {
    throw new AwsError(
      'InvalidParameterException',
      'repositoryName must be specified',
      400,
    );
  }
  const repo = repositoriesOf(ctx, registryId).find(
    r => r.name === input.repositoryName,
  );
  if (!repo) throw notFound(input.repositoryName, registryId);
  if (!repo.policy) {
    throw new AwsError(
      'RepositoryPolicyNotFoundException',
      `Repository policy does not exist for the repository with name '${repo.name}' in the registry with id '${registryId}'`,
      400,
    );
  }
  return { registryId, repositoryName: repo.name, policyText: repo.policy };
}

function getAuthorizationToken(ctx: AwsContext) {
  const token = Buffer.from(
    `AWS:${randomBytes(48).toString('base64')}`,
  ).toString('base64');
  return {
    authorizationData: [
      {
        authorizationToken: token,
        expiresAt: epoch(new Date(ctx.now.getTime() + TOKEN_LIFETIME_MS)),
        proxyEndpoint: `https://${ecrHost(ctx.caller.account, ctx.region)}`,
      },
    ],
  };
}

export function runEcr(
  operation: string,
  ctx: AwsContext,
  input: unknown,
): unknown {
  switch (operation) {
    case 'DescribeRepositories':
      return describeRepositories(ctx, input ?? {});
    case 'GetRepositoryPolicy':
      return getRepositoryPolicy(ctx, input ?? {});
    case 'GetAuthorizationToken':
      return getAuthorizationToken(ctx);
    case 'DescribePullThroughCacheRules':
      return describePullThroughCacheRules(ctx, input ?? {});
    case 'GetRegistryPolicy':
      return getRegistryPolicy(ctx);
    default:
      throw new AwsError(
        'UnknownOperationException',
        `Unknown operation ${operation}`,
        400,
      );
  }
}
