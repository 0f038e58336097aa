import { PolicyInput } from './policyDocument';

/**
 * What the backend read about one IAM role. A role absent from
 * {@link IamFacts.roles} was not read (unknown); `exists: false` means IAM
 * answered NoSuchEntity.
 *
 * @public
 */
export interface IamRoleFacts {
  /** ARN of the IAM role. */
  arn: string;
  /** Whether the role exists. */
  exists: boolean;
  /** Trust (assume-role) policy, e.g. the IRSA web-identity trust. */
  trustPolicy?: PolicyInput;
  /** Inline policies attached to the role. */
  inlinePolicies?: PolicyInput[];
  /** Documents of the managed policies attached to the role. */
  managedPolicies?: PolicyInput[];
  /** Permissions boundary, if set. */
  permissionsBoundary?: PolicyInput;
}

/**
 * What the backend read about one ECR repository. `policy` undefined with
 * `exists: true` means the repository has no repository policy.
 *
 * @public
 */
export interface EcrRepositoryFacts {
  /** AWS account that owns the repository. */
  accountId: string;
  /** AWS region of the repository. */
  region: string;
  /** Repository name. */
  name: string;
  /** Whether the repository exists. */
  exists: boolean;
  /** Repository policy, if any. */
  policy?: PolicyInput;
  /**
   * The `ecrRepositoryPrefix` of the registry's pull-through cache rule the name falls under
   * (`ROOT` for a rule over every name no other rule claims): the first pull creates such a
   * repository and imports what is not cached. `null`: the rules were read and none
   * matches; absent: they could not be read (ecr:DescribePullThroughCacheRules).
   */
  pullThroughCachePrefix?: string | null;
  /**
   * The registry's permissions policy, kept on repositories under a pull-through cache rule
   * (it may grant ecr:CreateRepository and ecr:BatchImportUpstreamImage): `null` when the
   * registry has none; absent when it could not be read (ecr:GetRegistryPolicy).
   */
  registryPolicy?: PolicyInput | null;
}

/**
 * AWS facts for one audit, read once per distinct ARN by the backend.
 *
 * @public
 */
export interface IamFacts {
  /** IAM roles read, by ARN. */
  roles?: IamRoleFacts[];
  /**
   * OIDC provider issuers per account id (host/path without https://, as in
   * the provider ARN). An account absent here was not read.
   */
  oidcProviders?: Record<string, string[]>;
  /** ECR repositories read. */
  repositories?: EcrRepositoryFacts[];
}

/** Account id of an ARN (`arn:aws:iam::123456789012:role/x` → `123456789012`). */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** Partition of an ARN. */
export function partitionOfArn(arn: string): string | undefined {
  return /^arn:([^:]+):/.exec(arn)?.[1];
}

/** Issuer host/path without scheme or trailing slash, as IAM keys it. @public */
export function normalizeIssuer(issuer: string): string {
  return issuer
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '');
}

/** @internal */
export function findRole(
  facts: IamFacts,
  arn: string,
): IamRoleFacts | undefined {
  return facts.roles && rolesByArn(facts.roles).get(arn);
}

/*
 * Lookups by key instead of scans: every container asks for its role and its repository, in
 * every region, and an audit holds thousands of each (a scan per container was 40 % of the
 * CPU of a cluster of 5,000 services). One index per list, built on first use; the lists are
 * built once per audit and not changed after.
 */
const ROLE_INDEXES = new WeakMap<IamRoleFacts[], Map<string, IamRoleFacts>>();
const REPOSITORY_INDEXES = new WeakMap<
  EcrRepositoryFacts[],
  Map<string, EcrRepositoryFacts[]>
>();

function rolesByArn(roles: IamRoleFacts[]): Map<string, IamRoleFacts> {
  let index = ROLE_INDEXES.get(roles);
  if (!index) {
    index = new Map();
    for (const role of roles) {
      // The first of a repeated ARN wins, as a scan would find it.
      if (role && !index.has(role.arn)) index.set(role.arn, role);
    }
    ROLE_INDEXES.set(roles, index);
  }
  return index;
}

/**
 * The facts read about the repository `name` of the account, in every region read, in the
 * order they were read.
 *
 * @internal
 */
export function repositoryFactsByName(
  facts: IamFacts,
  accountId: string,
  name: string,
): EcrRepositoryFacts[] {
  const repositories = facts.repositories;
  if (!repositories) return [];
  let index = REPOSITORY_INDEXES.get(repositories);
  if (!index) {
    index = new Map();
    for (const r of repositories) {
      const key = `${r.accountId}/${r.name}`;
      index.set(key, [...(index.get(key) ?? []), r]);
    }
    REPOSITORY_INDEXES.set(repositories, index);
  }
  return index.get(`${accountId}/${name}`) ?? [];
}

function recordsOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter(
        (v): v is Record<string, unknown> =>
          typeof v === 'object' && v !== null && !Array.isArray(v),
      )
    : [];
}

/** A single document where a list is expected counts as a list of one. */
function policyList(value: unknown): unknown[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? Array.from(value) : [value];
}

/**
 * Drop what does not have the shape of {@link IamFacts}, so that the engine
 * can trust the lists it iterates.
 *
 * @internal
 */
export function normalizeIamFacts(facts: unknown): IamFacts {
  const rec =
    typeof facts === 'object' && facts !== null
      ? (facts as Record<string, unknown>)
      : {};
  const roles = recordsOf(rec.roles)
    .filter(r => typeof r.arn === 'string')
    .map(r => ({
      ...r,
      arn: r.arn as string,
      exists: r.exists !== false,
      inlinePolicies: policyList(r.inlinePolicies),
      managedPolicies: policyList(r.managedPolicies),
    })) as IamRoleFacts[];
  const providers: Record<string, string[]> = {};
  const rawProviders =
    typeof rec.oidcProviders === 'object' && rec.oidcProviders !== null
      ? rec.oidcProviders
      : {};
  for (const [account, list] of Object.entries(rawProviders)) {
    if (Array.isArray(list))
      providers[account] = list.filter(
        (p): p is string => typeof p === 'string',
      );
  }
  const repositories = recordsOf(rec.repositories).filter(
    r =>
      typeof r.accountId === 'string' &&
      typeof r.region === 'string' &&
      typeof r.name === 'string',
  ) as unknown as EcrRepositoryFacts[];
  return {
    roles,
    oidcProviders: rec.oidcProviders === undefined ? undefined : providers,
    repositories: rec.repositories === undefined ? undefined : repositories,
  };
}
