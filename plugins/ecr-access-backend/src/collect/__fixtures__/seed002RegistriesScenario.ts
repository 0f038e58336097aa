import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import {
  ACCOUNT,
  ago,
  HOUR,
  prodScenario,
  REGISTRY,
} from '../../__fixtures__/prodCluster';
import {
  dockerConfigSecret,
  ManifestObject,
} from '../../__fixtures__/manifests';
import { seed002Entity, seed002Objects } from '../../__fixtures__/seed002';

// Seed 002 verbatim (its CronJob writes regcred with
// --docker-server=https://${AWS_ACCOUNT}.dkr.ecr.${AWS_REGION}.amazonaws.com, both from its
// ConfigMap: 111122223333, us-east-1) in namespaces whose application image sits in the
// registry regcred is written for, in a central ECR account, or in another region. The
// kubelet uses regcred only for its own host; the node role may pull platform/pause only, so
// an image regcred does not serve fails to pull.

/** The central ECR account of the cross-account variants (not the cluster's). */
export const CENTRAL_ACCOUNT = '999988887777';

export interface Seed002Variant {
  /** The application's image, by the namespace (seed 002's repository is the namespace). */
  image: (ns: string) => string;
  /** Changes to the refresher's ConfigMap data. */
  configMap?: (data: Record<string, string>, canary: string) => void;
  /** Written after the host in the CronJob's --docker-server and so in regcred's key. */
  serverSuffix?: string;
}

export const SEED_002_VARIANTS: Record<string, Seed002Variant> = {
  // Seed 002 as written: the image is in the registry regcred is written for.
  'seed-same': { image: ns => `${REGISTRY}/${ns}:1.4.2` },
  // The usual central-ECR-account layout.
  'seed-central': {
    image: ns =>
      `${CENTRAL_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${ns}:1.4.2`,
  },
  'seed-west': {
    image: ns => `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/${ns}:1.4.2`,
  },
  // AWS_ACCOUNT only in the Secret the CronJob loads (never read): the host is unknown.
  'seed-unknown-central': {
    image: ns =>
      `${CENTRAL_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${ns}:1.4.2`,
    configMap: data => {
      delete data.AWS_ACCOUNT;
    },
  },
  // review9 case 1: --docker-server with the port; kubectl writes the key so, and the kubelet
  // never sends a `<host>:443` key for an image of `<host>` (its URLsMatch compares ports).
  'seed-port': { image: ns => `${REGISTRY}/${ns}:1.4.2`, serverSuffix: ':443' },
  // Someone's value where the account goes: never an ECR host, so nothing is kept of it.
  'seed-canary-account': {
    image: ns => `${REGISTRY}/${ns}:1.4.2`,
    configMap: (data, canary) => {
      data.AWS_ACCOUNT = canary;
    },
  },
};

/** The account, cluster `prod` and its node role, which may pull platform/pause only. */
export function seed002RegistriesScenario(): ScenarioInput {
  const scenario = prodScenario(
    'seed-002-registries',
    { nodeRole: 'eks-node-narrow', nodes: 1 },
    {
      repositories: [
        'platform/pause',
        'seed-same',
        'seed-canary-account',
        'seed-port',
      ],
    },
  );
  const account = scenario.accounts![0];
  account.repositories = [
    ...(account.repositories ?? []),
    { name: 'seed-west', region: 'us-west-2' },
  ];
  account.roles = [
    {
      name: 'eks-node-narrow',
      trust: { service: ['ec2.amazonaws.com'] },
      managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'],
      inlinePolicies: { pull: { ecrPull: ['platform/pause'] } },
    },
  ];
  return scenario;
}

/**
 * Seed 002's objects in namespace `ns` with the variant's image and ConfigMap, its CronJob's
 * last success an hour ago, and the regcred that run wrote (for REGISTRY, the canary as the
 * token). The run itself is built from the CronJob the API created (`cronJobRun`, by uid).
 */
export function seed002VariantObjects(
  ns: string,
  variant: Seed002Variant,
  canary: string,
): { objects: ManifestObject[]; secret: ManifestObject } {
  const objects = seed002Objects(ns, canary).map(o => {
    if (o.kind === 'Deployment')
      o.spec.template.spec.containers[0].image = variant.image(ns);
    if (o.kind === 'ConfigMap') variant.configMap?.(o.data, canary);
    if (o.kind === 'CronJob') {
      o.status = { lastSuccessfulTime: ago(HOUR) };
      if (variant.serverSuffix) withServerSuffix(o, variant.serverSuffix);
    }
    return o;
  });
  const key = `https://${REGISTRY}${variant.serverSuffix ?? ''}`;
  return { objects, secret: dockerConfigSecret(ns, 'regcred', canary, key) };
}

/** The CronJob's `--docker-server=https://….amazonaws.com` with `suffix` after the host. */
function withServerSuffix(cronJob: ManifestObject, suffix: string): void {
  const container = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
  const script: string[] = container.command ?? container.args;
  const written = script.map((part: string) =>
    part.replace(/(--docker-server=\S*\.amazonaws\.com)/, `$1${suffix}`),
  );
  if (written.join() === script.join())
    throw new Error('seed 002 CronJob: no --docker-server to change');
  if (container.command) container.command = written;
  else container.args = written;
}

/** The catalog: one Component per variant, by seed 002's `backstage.io/kubernetes-id`. */
export function seed002VariantEntities(): Entity[] {
  return Object.keys(SEED_002_VARIANTS).map(seed002Entity);
}
