import { ListOpenIDConnectProvidersCommand } from '@aws-sdk/client-iam';
import type {
  AwsFactsNeeded,
  EcrRepositoryFacts,
  IamFacts,
} from '@ecr-access/plugin-ecr-access-node';
import pLimit from 'p-limit';
import { AwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import { readRegistryFacts } from './ecrFacts';
import { describeError } from './errors';
import { readRoles } from './iamRoles';

export interface AwsFactsResult {
  facts: IamFacts;
  /** AWS operations by name (`iam:GetRole`…), before the SDK's own retries. */
  operations: Record<string, number>;
  /**
   * What could not be read (those facts stay unknown rather than assumed), and an account whose
   * roles were read one by one because the bulk read was refused or failed.
   */
  errors: string[];
}

/** Issuer host/path of each IAM OIDC provider of an account, as the provider ARN holds it. */
async function oidcIssuers(
  clients: AwsClients,
  accountId: string,
  count: (op: string) => void,
) {
  const iam = await clients.iam(accountId);
  count('iam:ListOpenIDConnectProviders');
  const { OpenIDConnectProviderList } = await iam.send(
    new ListOpenIDConnectProvidersCommand({}),
  );
  return (OpenIDConnectProviderList ?? []).flatMap(p =>
    p.Arn ? [p.Arn.slice(p.Arn.indexOf(':oidc-provider/') + 15)] : [],
  );
}

type Count = (op: string) => void;
type Limit = pLimit.Limit;

/** The OIDC provider issuers of each account; an account not read is left out. */
async function readOidcProviders(
  clients: AwsClients,
  accountIds: string[],
  limit: Limit,
  count: Count,
  errors: string[],
): Promise<Record<string, string[]>> {
  const oidcProviders: Record<string, string[]> = {};
  await Promise.all(
    accountIds.map(accountId =>
      limit(async () => {
        try {
          oidcProviders[accountId] = await oidcIssuers(
            clients,
            accountId,
            count,
          );
        } catch (error) {
          errors.push(
            `OIDC providers of ${accountId}: ${describeError(error)}`,
          );
        }
      }),
    ),
  );
  return oidcProviders;
}

/** The repositories by registry (account and region): one set of reads per registry. */
function byRegistry(repositories: AwsFactsNeeded['repositories']) {
  const registries = new Map<
    string,
    { accountId: string; region: string; names: string[] }
  >();
  for (const repo of repositories) {
    const key = `${repo.accountId}/${repo.region}`;
    const registry = registries.get(key) ?? {
      accountId: repo.accountId,
      region: repo.region,
      names: [],
    };
    if (!registry.names.includes(repo.name)) registry.names.push(repo.name);
    registries.set(key, registry);
  }
  return [...registries.values()];
}

/** Each repository's existence and policy; what cannot be read is left out and recorded. */
async function readRepositories(
  clients: AwsClients,
  repositories: AwsFactsNeeded['repositories'],
  limit: Limit,
  count: Count,
  errors: string[],
): Promise<EcrRepositoryFacts[]> {
  const facts = await Promise.all(
    byRegistry(repositories).map(registry =>
      limit(async (): Promise<EcrRepositoryFacts[]> => {
        const where = `ECR ${registry.accountId}/${registry.region}`;
        try {
          const ecr = await clients.ecr(registry.accountId, registry.region);
          return await readRegistryFacts(ecr, registry, count, (name, e) =>
            errors.push(`${where}/${name}: ${describeError(e)}`),
          );
        } catch (error) {
          errors.push(`${where}: ${describeError(error)}`);
          return [];
        }
      }),
    ),
  );
  return facts.flat();
}

/** Options of {@link readAwsFacts}. */
export interface ReadAwsFactsOptions {
  /** AWS reads in flight at once; default 8. */
  concurrency?: number;
  /**
   * Roles referenced in one account from which that account's roles are read in bulk;
   * default `BULK_ROLES_PER_ACCOUNT` (20). Tests set it to take one way or the other.
   */
  bulkRolesFrom?: number;
}

/**
 * Reads, once each and a bounded number at a time, every AWS fact one audit needs: the roles
 * (trust, inline and managed policies, boundary; per account in bulk or one by one, see
 * `readRoles`), the OIDC providers of each account, and the
 * ECR repositories (existence and repository policy: a policy's Deny refuses and its Allow
 * naming the role grants, in the same account too). A fact that
 * cannot be read is left out, so the engine says `unknown` instead of guessing.
 */
export async function readAwsFacts(
  needed: AwsFactsNeeded,
  clients: AwsClients,
  options: ReadAwsFactsOptions = {},
): Promise<AwsFactsResult> {
  const operations: Record<string, number> = {};
  const count = (op: string) => {
    operations[op] = (operations[op] ?? 0) + 1;
  };
  const errors: string[] = [];
  const limit = pLimit(options.concurrency ?? 8);
  // Roles, then providers, then repositories, each kind a bounded number at a time.
  const roles = await readRoles(
    needed.roleArns,
    { clients, limit, count, errors },
    { bulkFrom: options.bulkRolesFrom },
  );
  const oidcProviders = await readOidcProviders(
    clients,
    needed.oidcProviderAccounts,
    limit,
    count,
    errors,
  );
  const repositories = await readRepositories(
    clients,
    needed.repositories,
    limit,
    count,
    errors,
  );
  return {
    facts: { roles, oidcProviders, repositories },
    operations,
    errors,
  };
}
