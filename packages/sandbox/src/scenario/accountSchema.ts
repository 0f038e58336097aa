import { z } from 'zod';
import {
  accountId,
  policyDocument,
  region,
  stringMap,
  timeExpr,
} from './fields';

/** An AWS account of the scenario: credentials, IAM roles and policies, OIDC providers, ECR repositories and pull-through cache rules. */

const irsaTrust = z
  .object({
    cluster: z.string(),
    namespace: z.string(),
    serviceAccount: z.string(),
    /** `null` leaves out the `aud` condition (a TRUST_POLICY_TOO_BROAD case). */
    audience: z.string().nullable().default('sts.amazonaws.com'),
  })
  .strict();

const trust = z.union([
  z.object({ irsa: z.array(irsaTrust).min(1) }).strict(),
  z.object({ service: z.array(z.string()).min(1) }).strict(),
  z.object({ podIdentity: z.literal(true) }).strict(),
  z.object({ document: policyDocument }).strict(),
]);

export const role = z
  .object({
    name: z.string(),
    path: z.string().default('/'),
    description: z.string().optional(),
    trust,
    inlinePolicies: z.record(z.string(), policyDocument).default({}),
    managedPolicies: z.array(z.string()).default([]),
    permissionsBoundary: z.string().optional(),
    tags: stringMap.default({}),
    createdAt: timeExpr.default('30d ago'),
  })
  .strict();

const managedPolicy = z
  .object({
    name: z.string(),
    path: z.string().default('/'),
    description: z.string().optional(),
    document: policyDocument,
    createdAt: timeExpr.default('90d ago'),
  })
  .strict();

const oidcProvider = z
  .object({
    /** Either the issuer URL, or the name of a scenario cluster. */
    url: z.url().optional(),
    cluster: z.string().optional(),
    clientIds: z.array(z.string()).default(['sts.amazonaws.com']),
    createdAt: timeExpr.default('60d ago'),
  })
  .strict()
  .refine(p => Boolean(p.url) !== Boolean(p.cluster), {
    message: 'give exactly one of url or cluster',
  });

const repository = z
  .object({
    name: z
      .string()
      .regex(
        /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
        'expected an ECR repository name',
      ),
    region,
    policy: policyDocument.optional(),
    /** Shortcut for a repository policy allowing pulls from these account ids. */
    allowPullFrom: z.array(accountId).optional(),
    createdAt: timeExpr.default('180d ago'),
  })
  .strict();

/**
 * A pull-through cache rule of the account's registry in `region` (ECR API Reference,
 * CreatePullThroughCacheRule): repositories named `<ecrRepositoryPrefix>/…` cache
 * `upstreamRegistryUrl`'s images (`ROOT`: every name no other rule claims).
 */
const pullThroughCacheRule = z
  .object({
    ecrRepositoryPrefix: z
      .string()
      .regex(
        /^(?:(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*|ROOT)$/,
        'expected an ECR repository prefix (2 to 30 characters) or ROOT',
      )
      .min(2)
      .max(30),
    region,
    /** As the API takes it: `public.ecr.aws`, `registry-1.docker.io`, `quay.io`, … */
    upstreamRegistryUrl: z.string().min(1),
    upstreamRegistry: z
      .enum([
        'ecr',
        'ecr-public',
        'quay',
        'k8s',
        'docker-hub',
        'github-container-registry',
        'azure-container-registry',
        'gitlab-container-registry',
      ])
      .optional(),
    /** Secrets Manager secret of the upstream's credentials (`ecr-pullthroughcache/…`). */
    credentialArn: z.string().optional(),
    createdAt: timeExpr.default('90d ago'),
  })
  .strict();

/**
 * The registry's permissions policy in `region` (ECR PutRegistryPolicy), e.g. the "Pull
 * through cache policy" statements the console generates.
 */
const registryPolicy = z.object({ region, policy: policyDocument }).strict();

const credential = z
  .object({
    accessKeyId: z
      .string()
      .regex(/^(AKIA|ASIA)[A-Z0-9]{12,}$/, 'expected AKIA…'),
    secretAccessKey: z.string().optional(),
    user: z.string().default('sandbox'),
  })
  .strict();

export const account = z
  .object({
    id: accountId,
    name: z.string().optional(),
    credentials: z.array(credential).default([]),
    roles: z.array(role).default([]),
    policies: z.array(managedPolicy).default([]),
    oidcProviders: z.array(oidcProvider).default([]),
    repositories: z.array(repository).default([]),
    pullThroughCacheRules: z.array(pullThroughCacheRule).default([]),
    registryPolicies: z.array(registryPolicy).default([]),
  })
  .strict();
