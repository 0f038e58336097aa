/* Pull-through cache repositories (ECR User Guide, "Pulling an image with a pull through cache
 * rule"): images under a rule's prefix, as AWS's docs name them (docker-hub/library/<image> for
 * Docker Hub's official images, ecr-public/<repository>/<image>), pulled by the node role. */
import { EcrRepositoryFacts, IamFacts } from '../iamFacts';
import { PolicyInput } from '../policyDocument';
import {
  ACCT,
  cluster,
  deployment,
  iam,
  NODE_ROLE,
  OTHER_ACCT,
  PULL_ROLE,
  REGION,
  REGISTRY,
  irsaTrust,
  pullPolicy,
  role,
  snapshot,
} from './classify.builders';
import { ClassifyFixture, ok, pullSa } from './classify.shared';
import { PULL_ONLY_POLICY, READ_ONLY_POLICY } from './classify.nodes';

export const REDIS_IMAGE = `${REGISTRY}/docker-hub/library/redis:7.4`;
export const NGINX_IMAGE = `${REGISTRY}/ecr-public/nginx/nginx:1.27.3`;
export const REDIS_ARN = `arn:aws:ecr:${REGION}:${ACCT}:repository/docker-hub/library/redis`;
export const NGINX_ARN = `arn:aws:ecr:${REGION}:${ACCT}:repository/ecr-public/nginx/nginx`;
const OTHER_NODE_ROLE = `arn:aws:iam::${ACCT}:role/eks-node-batch`;

/** Seed 000's EKS-ECR-Pull-Policy: the three pull actions on "*", nothing for the cache. */
export const SEED_000_PULL_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'ecr:GetAuthorizationToken',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
      ],
      Resource: '*',
    },
  ],
};

/** What the first pull through a cache rule needs besides PullOnly, on the rule's prefix. */
export const CACHE_CREATE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
      Resource: `arn:aws:ecr:${REGION}:${ACCT}:repository/docker-hub/*`,
    },
  ],
};

/**
 * A cache repository's facts: `prefix` undefined when the rules could not be read; under a
 * rule, the registry's permissions policy (none by default; `'unread'` when not read).
 */
function cacheRepo(
  name: string,
  exists: boolean,
  prefix: string | null | undefined,
  registryPolicy: PolicyInput | null | 'unread' = null,
): EcrRepositoryFacts {
  return {
    accountId: ACCT,
    region: REGION,
    name,
    exists,
    ...(prefix !== undefined && { pullThroughCachePrefix: prefix }),
    ...(typeof prefix === 'string' &&
      registryPolicy !== 'unread' && { registryPolicy }),
  };
}

/**
 * A registry permissions policy as the ECR console's "Pull through cache policy" statement
 * writes it (ECR User Guide, "Granting registry permissions for pull through cache"): the
 * node role may create and import the docker-hub cache repositories.
 */
export const PTC_REGISTRY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PullThroughCacheFromReadOnlyRole',
      Effect: 'Allow',
      Principal: { AWS: NODE_ROLE },
      Action: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
      Resource: `arn:aws:ecr:${REGION}:${ACCT}:repository/docker-hub/*`,
    },
  ],
};

/** The default IAM world with the node role's policies and the repositories given. */
function cacheIam(
  nodePolicies: PolicyInput[],
  repositories: EcrRepositoryFacts[],
  more: IamFacts['roles'] = [],
): IamFacts {
  const base = iam(
    role(NODE_ROLE, { managedPolicies: nodePolicies }),
    ...(more ?? []),
  );
  return { ...base, repositories };
}

/** docker-hub/library/redis, not created yet; the rules read (`prefix`) or not (`unread`). */
const redisMissing = (prefix: string | null | 'unread' = 'docker-hub') => [
  cacheRepo(
    'docker-hub/library/redis',
    false,
    prefix === 'unread' ? undefined : prefix,
  ),
];
const nginxCached = [cacheRepo('ecr-public/nginx/nginx', true, 'ecr-public')];
const redis = snapshot({ deployments: [deployment({ image: REDIS_IMAGE })] });
const nginx = snapshot({ deployments: [deployment({ image: NGINX_IMAGE })] });

/** The shared registry of another account, whose docker-hub rule the cluster's pods pull through. */
const SHARED_REDIS = `${OTHER_ACCT}.dkr.ecr.${REGION}.amazonaws.com/docker-hub/library/redis:7.4`;

export const pullThroughCacheCases: ClassifyFixture[] = [
  {
    name: 'pull-through cache: first pull by a node role allowed to create and import',
    snapshot: redis,
    iam: cacheIam([PULL_ONLY_POLICY, CACHE_CREATE_POLICY], redisMissing()),
    expected: ok('node-role'),
    // Missing, but the rule docker-hub creates it on the first pull.
    nearMissOf: ['ECR_REPOSITORY_NOT_FOUND', 'ROLE_LACKS_ECR_PULL'],
  },
  {
    name: 'pull-through cache: first pull by a node role with PullOnly alone (no ecr:CreateRepository)',
    snapshot: redis,
    iam: cacheIam([PULL_ONLY_POLICY], redisMissing()),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
    nearMissOf: ['ECR_REPOSITORY_NOT_FOUND'],
  },
  {
    name: "pull-through cache: first pull by a node role with seed 000's EKS-ECR-Pull-Policy",
    snapshot: redis,
    iam: cacheIam([SEED_000_PULL_POLICY], redisMissing()),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: 'pull-through cache: first pull by PullOnly, the registry permissions policy granting the rest',
    snapshot: redis,
    iam: cacheIam(
      [PULL_ONLY_POLICY],
      [
        cacheRepo(
          'docker-hub/library/redis',
          false,
          'docker-hub',
          PTC_REGISTRY_POLICY,
        ),
      ],
    ),
    expected: ok('node-role'),
    nearMissOf: ['ROLE_LACKS_ECR_PULL'],
  },
  {
    name: 'pull-through cache: first pull by PullOnly, the registry permissions policy not read',
    snapshot: redis,
    iam: cacheIam(
      [PULL_ONLY_POLICY],
      [cacheRepo('docker-hub/library/redis', false, 'docker-hub', 'unread')],
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['IAM_FACTS_MISSING'],
    },
    nearMissOf: ['ROLE_LACKS_ECR_PULL'],
  },
  {
    name: 'pull-through cache: missing repository whose registry rules could not be read',
    snapshot: redis,
    iam: cacheIam([PULL_ONLY_POLICY], redisMissing('unread')),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['IAM_FACTS_MISSING'],
    },
    nearMissOf: ['ECR_REPOSITORY_NOT_FOUND'],
  },
  {
    name: 'pull-through cache: missing repository under no rule of its registry',
    snapshot: redis,
    iam: cacheIam([PULL_ONLY_POLICY], redisMissing(null)),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ECR_REPOSITORY_NOT_FOUND'],
    },
  },
  {
    name: 'pull-through cache: cached repository, node role with PullOnly (imports new tags)',
    snapshot: nginx,
    iam: cacheIam([PULL_ONLY_POLICY], nginxCached),
    expected: ok('node-role'),
    nearMissOf: ['ROLE_LACKS_ECR_PULL'],
  },
  {
    name: "pull-through cache: cached repository, node role with seed 000's policy (new tags fail)",
    snapshot: nginx,
    iam: cacheIam([SEED_000_PULL_POLICY], nginxCached),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: 'pull-through cache: cached repository, node role with ReadOnly (no BatchImportUpstreamImage)',
    snapshot: nginx,
    iam: cacheIam([READ_ONLY_POLICY], nginxCached),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['ROLE_LACKS_ECR_PULL', 'NODE_ROLE_TOO_BROAD'],
    },
  },
  {
    name: 'pull-through cache: cached repository, one of two node roles cannot import',
    snapshot: snapshot({
      cluster: cluster({ nodeRoleArns: [NODE_ROLE, OTHER_NODE_ROLE] }),
      deployments: [deployment({ image: NGINX_IMAGE })],
    }),
    iam: cacheIam([PULL_ONLY_POLICY], nginxCached, [
      role(OTHER_NODE_ROLE, { managedPolicies: [SEED_000_PULL_POLICY] }),
    ]),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: 'pull-through cache: cached repository, IRSA pull role without BatchImportUpstreamImage',
    snapshot: snapshot({
      cluster: cluster({ imagePullAuth: 'service-account-token' }),
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web', image: NGINX_IMAGE })],
    }),
    iam: cacheIam([PULL_ONLY_POLICY], nginxCached, [
      role(PULL_ROLE, {
        trustPolicy: irsaTrust(),
        inlinePolicies: [pullPolicy([NGINX_ARN])],
      }),
    ]),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: "pull-through cache: first pull through another account's rule (its registry policy across accounts is not evaluated)",
    snapshot: snapshot({
      deployments: [deployment({ image: SHARED_REDIS })],
    }),
    iam: cacheIam(
      [PULL_ONLY_POLICY, CACHE_CREATE_POLICY],
      [
        {
          ...cacheRepo('docker-hub/library/redis', false, 'docker-hub'),
          accountId: OTHER_ACCT,
        },
      ],
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['IAM_FACTS_MISSING'],
    },
    nearMissOf: ['ECR_REPOSITORY_NOT_FOUND'],
  },
  {
    name: "pull-through cache: cached repository under the registry's ROOT rule, node role with seed 000's policy",
    snapshot: snapshot({
      deployments: [deployment({ image: `${REGISTRY}/team-a/app:2.1` })],
    }),
    iam: cacheIam(
      [SEED_000_PULL_POLICY],
      [cacheRepo('team-a/app', true, 'ROOT')],
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
];
