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
  return facts.roles?.find(r => r?.arn === arn);
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
