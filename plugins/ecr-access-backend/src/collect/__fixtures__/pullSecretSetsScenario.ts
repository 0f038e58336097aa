import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { ACCOUNT, ago, HOUR, REGISTRY } from '../../__fixtures__/prodCluster';
import { ManifestObject } from '../../__fixtures__/manifests';
import { seed002Objects } from '../../__fixtures__/seed002';

// review8 cases 3 and 7 as a sandbox: a cluster whose node role may pull platform/pause only
// (the review's eks-node-narrow), and one namespace per case, each a Deployment labelled
// with the entity's kubernetes-id.
// - two-secrets: imagePullSecrets [regcred, hubcred] for an image of the cluster's registry;
//   regcred (the ECR token, for the ECR host) written 20 h ago, hubcred (a Docker Hub PAT, for
//   https://index.docker.io/v1/) written 1 h ago. The kubelet uses hubcred only for
//   docker.io: the pull fails.
// - two-secrets-reversed: the same secrets named the other way round.
// - one-secret: regcred alone (the expired token either way).
// - ecr-public: public.ecr.aws/nginx/nginx:1.27 with ecr-public, a secret for
//   public.ecr.aws written 20 h ago (teams add one to get past the anonymous rate limit).
//   The kubelet sends it; ECR Public refuses an expired token.
// - ecr-public-refreshed: seed 002's refresher rewritten for ECR Public
//   (`aws ecr-public get-login-password`, `--docker-server=public.ecr.aws`), its last success
//   an hour ago, but the regcred it writes was written 20 h ago: with the default config the
//   secret's hosts are not read, the refresher declares them.

export const NARROW_CLUSTER = 'narrow-use1';

const SECRETS_OF: Record<string, string[]> = {
  'two-secrets': ['regcred', 'hubcred'],
  'two-secrets-reversed': ['hubcred', 'regcred'],
  'one-secret': ['regcred'],
  'ecr-public': ['ecr-public'],
};

export const PULL_SECRET_SET_CASES = Object.keys(SECRETS_OF);

export const REFRESHED_PUBLIC = 'ecr-public-refreshed';

/** Seed 002 moved to REFRESHED_PUBLIC, pulling from ECR Public with a refresher for it. */
function refreshedPublicObjects(): ManifestObject[] {
  return seed002Objects(REFRESHED_PUBLIC, 'not-a-credential').map(o => {
    if (o.kind === 'Deployment')
      o.spec.template.spec.containers[0].image =
        'public.ecr.aws/nginx/nginx:1.27';
    if (o.kind === 'CronJob') {
      const container = o.spec.jobTemplate.spec.template.spec.containers[0];
      container.command = container.command.map((word: string) =>
        word
          .replace(
            'aws ecr get-login-password',
            'aws ecr-public get-login-password',
          )
          .replace(
            'https://${AWS_ACCOUNT}.dkr.ecr.${AWS_REGION}.amazonaws.com',
            'public.ecr.aws',
          ),
      );
      o.status = { lastSuccessfulTime: ago(HOUR) };
    }
    return o;
  });
}

const imageOf = (ns: string) =>
  ns === 'ecr-public'
    ? 'public.ecr.aws/nginx/nginx:1.27'
    : `${REGISTRY}/relabeled/api:1`;

function deployment(ns: string) {
  const labels = { 'backstage.io/kubernetes-id': ns };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: ns, namespace: ns, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: ns } },
      template: {
        metadata: { labels: { app: ns } },
        spec: {
          imagePullSecrets: SECRETS_OF[ns].map(name => ({ name })),
          containers: [{ name: 'app', image: imageOf(ns) }],
        },
      },
    },
  };
}

const HOSTS: Record<string, { registries: string[]; lastWritten: string }> = {
  regcred: { registries: [REGISTRY], lastWritten: '20h ago' },
  hubcred: {
    registries: ['https://index.docker.io/v1/'],
    lastWritten: '1h ago',
  },
  'ecr-public': { registries: ['public.ecr.aws'], lastWritten: '20h ago' },
};

export function pullSecretSetsScenario(): ScenarioInput {
  const base = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'];
  return {
    name: 'pull-secret-sets',
    accounts: [
      {
        id: ACCOUNT,
        credentials: [{ accessKeyId: 'AKIAECRACCESSDEMO0001' }],
        repositories: ['relabeled/api', 'platform/pause'].map(name => ({
          name,
          region: 'us-east-1',
        })),
        roles: [
          {
            name: 'eks-node-narrow',
            trust: { service: ['ec2.amazonaws.com'] },
            managedPolicies: base,
            inlinePolicies: { pull: { ecrPull: ['platform/pause'] } },
          },
        ],
      },
    ],
    clusters: [
      {
        name: NARROW_CLUSTER,
        account: ACCOUNT,
        region: 'us-east-1',
        imagePullAuth: 'node-role',
        nodeRole: 'eks-node-narrow',
        manifests: [
          {
            objects: [
              ...PULL_SECRET_SET_CASES.flatMap(ns => [
                { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
                deployment(ns),
              ]),
              ...refreshedPublicObjects(),
            ],
          },
        ],
        pullSecrets: [
          ...PULL_SECRET_SET_CASES.flatMap(ns =>
            SECRETS_OF[ns].map(name => ({
              namespace: ns,
              name,
              manager: 'kubectl-create',
              ...HOSTS[name],
            })),
          ),
          {
            namespace: REFRESHED_PUBLIC,
            name: 'regcred',
            manager: 'kubectl-create',
            ...HOSTS['ecr-public'],
          },
        ],
      },
    ],
  } as ScenarioInput;
}

export const pullSecretSetEntities = (): Entity[] =>
  [...PULL_SECRET_SET_CASES, REFRESHED_PUBLIC].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations: { 'backstage.io/kubernetes-id': name } },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  }));
