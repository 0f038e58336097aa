import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { ACCOUNT, REGISTRY } from '../../__fixtures__/prodCluster';

/*
 * Review 8's cases 4 and 5 as one cluster, `narrow`, whose node role may pull only
 * `analytics/etl`: every other image is pulled with its pull secret alone,
 * so what the secret's refresher does decides the pull. One namespace, Deployment and entity
 * per case, named alike.
 */

/** ExternalSecrets with an ECR (or wrapped) generator; `refreshPolicy` is PATCHed in later. */
export const EXTERNAL_SECRET_CASES = {
  esostale: { generator: 'ECRAuthorizationToken', lastRefresh: '9h ago' },
  esoonce: { generator: 'ECRAuthorizationToken', lastRefresh: '9h ago' },
  esochange: { generator: 'ECRAuthorizationToken', lastRefresh: '9h ago' },
  esocg: { generator: 'ClusterGenerator', lastRefresh: '30m ago' },
  esofresh: { generator: 'ECRAuthorizationToken', lastRefresh: '30m ago' },
} as const;

/** Namespaces whose pull secret a refresher recognised by name did not write. */
export const HAND_WRITTEN = ['renewother', 'seedsilent'] as const;

const APP_IMAGE = `${REGISTRY}/relabeled/api:1`;

function deployment(name: string, pullSecret: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: name,
      labels: { 'backstage.io/kubernetes-id': name },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'app', image: APP_IMAGE }],
          imagePullSecrets: [{ name: pullSecret }],
        },
      },
    },
  };
}

export const REFRESHER_EVIDENCE_SCENARIO: ScenarioInput = {
  name: 'refresher-evidence',
  accounts: [
    {
      id: ACCOUNT,
      credentials: [{ accessKeyId: 'AKIAECRACCESSDEMO0001' }],
      // seed002Objects renames seed 002's `health-check` (its image too) after the namespace.
      repositories: [
        'relabeled/api',
        'analytics/etl',
        'seed',
        'seedsilent',
      ].map(name => ({ name, region: 'us-east-1' })),
      roles: [
        {
          name: 'eks-node-narrow',
          trust: { service: ['ec2.amazonaws.com'] },
          managedPolicies: [
            'AmazonEKSWorkerNodePolicy',
            'AmazonEKS_CNI_Policy',
          ],
          inlinePolicies: {
            pull: { ecrPull: ['analytics/etl'] },
          },
        },
      ],
    },
  ],
  clusters: [
    {
      name: 'narrow',
      account: ACCOUNT,
      region: 'us-east-1',
      imagePullAuth: 'node-role',
      nodeRole: 'eks-node-narrow',
      manifests: [
        {
          objects: [
            ...Object.keys(EXTERNAL_SECRET_CASES).map(n =>
              deployment(n, 'ecr-token'),
            ),
            deployment('renewother', 'ecr.docker-login'),
          ],
        },
      ],
      externalSecrets: Object.entries(EXTERNAL_SECRET_CASES).map(
        ([name, es]) => ({
          namespace: name,
          name,
          secret: 'ecr-token',
          registry: REGISTRY,
          refreshInterval: '1h',
          ...es,
        }),
      ),
      pullSecrets: [
        // Made by hand 5 h ago where k8s-ecr-login-renew (TARGET_NAMESPACE=analytics) never
        // writes, under the name its CronJob is configured with.
        {
          namespace: 'renewother',
          name: 'ecr.docker-login',
          registries: [REGISTRY],
          lastWritten: '5h ago',
          manager: 'kubectl-create',
        },
        // Seed 002's regcred, last written 5 h ago although its CronJob "succeeded" 1 h ago.
        {
          namespace: 'seedsilent',
          name: 'regcred',
          registries: [`https://${REGISTRY}`],
          lastWritten: '5h ago',
          manager: 'kubectl-create',
        },
      ],
    },
  ],
} as ScenarioInput;

export const refresherEvidenceEntities = (names: string[]): Entity[] =>
  names.map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations: { 'backstage.io/kubernetes-id': name } },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  }));
