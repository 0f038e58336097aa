import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { catalogComponents } from '../../__fixtures__/catalogComponents';
import {
  ACCOUNT,
  prodScenario,
  REGISTRY,
} from '../../__fixtures__/prodCluster';

// Pull-through cache rules as AWS's docs create them (ECR User Guide, "Creating a pull through
// cache rule"; images as "Pulling an image with a pull through cache rule" names them):
// `docker-hub` caches registry-1.docker.io (with its ecr-pullthroughcache/ secret) and
// `ecr-public` caches public.ecr.aws. ecr-public/nginx/nginx has been pulled before (it
// exists); docker-hub/library/redis has not. The registry permissions policy grants
// eks-node-registry (PullOnly) the rest, as the console's "Pull through cache policy"
// statement does. One cluster per node role, so each role's answer is its own.

/** docker-hub/library/redis: not created yet, the rule docker-hub creates it on the first pull. */
export const REDIS_IMAGE = `${REGISTRY}/docker-hub/library/redis:7.4`;
/** ecr-public/nginx/nginx: created by an earlier pull through the rule ecr-public. */
export const NGINX_IMAGE = `${REGISTRY}/ecr-public/nginx/nginx:1.27.3`;
/** Under no rule (no `quay` rule) and never created. */
export const QUAY_IMAGE = `${REGISTRY}/quay/prometheus/node-exporter:v1.8.2`;

/** Seed 000's EKS-ECR-Pull-Policy: the three pull actions on "*". */
const SEED_000_PULL_POLICY = {
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

/** What the first pull through the rules needs besides PullOnly, on their prefixes. */
const CACHE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
      Resource: [
        `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/docker-hub/*`,
        `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/ecr-public/*`,
      ],
    },
  ],
};

/** The registry permissions policy: one node role may create and import docker-hub/*. */
const REGISTRY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PullThroughCacheForRegistryNodes',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/eks-node-registry` },
      Action: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
      Resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/docker-hub/*`,
    },
  ],
};

const PULL_ONLY = 'AmazonEC2ContainerRegistryPullOnly';
const READ_ONLY = 'AmazonEC2ContainerRegistryReadOnly';

const deployment = (name: string, image: string) => ({
  kind: 'Deployment' as const,
  namespace: 'cache',
  name,
  kubernetesId: name,
  images: [image],
  serviceAccount: 'default',
});

/** A cluster whose nodes pull with `nodeRole`, running these Deployments (name → image). */
function cluster(
  name: string,
  nodeRole: string,
  images: Record<string, string>,
) {
  return {
    name,
    account: ACCOUNT,
    region: 'us-east-1',
    imagePullAuth: 'node-role' as const,
    token: `${name}-token-123456`,
    nodeRole,
    nodes: 1,
    serviceAccounts: [{ namespace: 'cache', name: 'default' }],
    workloads: Object.entries(images).map(([n, image]) => deployment(n, image)),
  };
}

const WORKLOADS = {
  'eks-node-cache': { 'redis-cache': REDIS_IMAGE, 'quay-ghost': QUAY_IMAGE },
  'eks-node-pullonly': {
    'redis-pullonly': REDIS_IMAGE,
    'nginx-pullonly': NGINX_IMAGE,
  },
  'eks-node-seed0': { 'redis-seed0': REDIS_IMAGE, 'nginx-seed0': NGINX_IMAGE },
  'eks-node-readonly': { 'nginx-readonly': NGINX_IMAGE },
  'eks-node-registry': { 'redis-registry': REDIS_IMAGE },
};

/** The rules, the registry policy, the cached repository and five node roles, a cluster each. */
export function pullThroughCacheScenario(
  faults: ScenarioInput['faults'] = [],
): ScenarioInput {
  const base = prodScenario(
    'pull-through-cache',
    {},
    {
      nodeRoles: {
        'eks-node-cache': [PULL_ONLY],
        'eks-node-pullonly': [PULL_ONLY],
        'eks-node-seed0': [],
        'eks-node-readonly': [READ_ONLY],
        'eks-node-registry': [PULL_ONLY],
      },
      repositories: ['ecr-public/nginx/nginx'],
    },
  );
  const [account] = base.accounts!;
  const inline: Record<string, Record<string, Record<string, unknown>>> = {
    'eks-node-cache': { 'pull-through-cache': CACHE_POLICY },
    'eks-node-seed0': { 'EKS-ECR-Pull-Policy': SEED_000_PULL_POLICY },
  };
  return {
    ...base,
    faults,
    accounts: [
      {
        ...account,
        roles: account.roles!.map(r => ({
          ...r,
          inlinePolicies: inline[r.name] ?? {},
        })),
        pullThroughCacheRules: [
          {
            ecrRepositoryPrefix: 'docker-hub',
            region: 'us-east-1',
            upstreamRegistryUrl: 'registry-1.docker.io',
            upstreamRegistry: 'docker-hub',
            credentialArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:ecr-pullthroughcache/docker-hub-AbCdEf`,
          },
          {
            ecrRepositoryPrefix: 'ecr-public',
            region: 'us-east-1',
            upstreamRegistryUrl: 'public.ecr.aws',
            upstreamRegistry: 'ecr-public',
          },
        ],
        registryPolicies: [{ region: 'us-east-1', policy: REGISTRY_POLICY }],
      },
    ],
    clusters: Object.entries(WORKLOADS).map(([role, images]) =>
      cluster(role.replace(/^eks-node-/, ''), role, images),
    ),
  };
}

/** The catalog: one component per Deployment. */
export function pullThroughCacheEntities(): Entity[] {
  return catalogComponents(
    Object.values(WORKLOADS).flatMap(images => Object.keys(images)),
  );
}
