import {
  ClusterSnapshot,
  refresherPodSpec,
} from '@ecr-access/plugin-ecr-access-node';
import type pLimit from 'p-limit';
import { ListedKind } from './kubernetesKinds';
import { KubernetesGet, listAll, ListOptions } from './listAll';
import { namespacedPath } from './namespacedPath';
import { secretMetadata } from './pullSecretHosts';

/** The Secret types the kubelet reads for pulls: the only ones the cluster-wide LISTs select. */
const PULL_SECRET_TYPES = [
  'kubernetes.io/dockerconfigjson',
  'kubernetes.io/dockercfg',
];

/**
 * Kubernetes' other built-in Secret types (docs, "Secrets: Types of Secret"), the most common
 * first: `kubectl create secret generic` without `--type` writes `Opaque`.
 */
const OTHER_BUILT_IN_TYPES = [
  'Opaque',
  'kubernetes.io/basic-auth',
  'kubernetes.io/tls',
  'kubernetes.io/ssh-auth',
  'kubernetes.io/service-account-token',
  'bootstrap.kubernetes.io/token',
];

/**
 * The `type` given to a named secret that exists with a type that is neither a pull-secret
 * type nor a built-in one (a custom type such as `helm.sh/release.v1`), which field selectors
 * cannot name without guessing. The engine reports any type other than the two pull-secret
 * types as one the kubelet does not use for pulls, and quotes it.
 */
export const OTHER_SECRET_TYPE = `other than ${PULL_SECRET_TYPES.join(
  ' and ',
)}`;

const WORKLOAD_KINDS = {
  deployments: 'Deployment',
  statefulSets: 'Deployment',
  daemonSets: 'Deployment',
  jobs: 'Job',
  cronJobs: 'CronJob',
} as const;

interface Meta {
  name?: string;
  namespace?: string;
}

const metaOf = (o: unknown): Meta =>
  ((o as { metadata?: Meta } | null)?.metadata ?? {}) as Meta;

function referenceNames(list: unknown): string[] {
  return (Array.isArray(list) ? list : []).flatMap(ref => {
    const name = (ref as { name?: unknown } | null)?.name;
    return typeof name === 'string' && name ? [name] : [];
  });
}

/**
 * The pull secrets the workloads name, as `namespace/name`: a pod's own `imagePullSecrets`, or
 * its ServiceAccount's when it names none (the ServiceAccount admission controller copies them
 * only then; the engine's `pullSecretNames` follows the same rule).
 */
export function namedPullSecrets(
  workloads: Partial<ClusterSnapshot>,
  serviceAccounts: unknown[] | undefined,
): Array<{ namespace: string; name: string }> {
  const accounts = new Map<string, string[]>();
  for (const sa of serviceAccounts ?? []) {
    const m = metaOf(sa);
    if (m.name && m.namespace) {
      accounts.set(
        `${m.namespace}/${m.name}`,
        referenceNames((sa as { imagePullSecrets?: unknown }).imagePullSecrets),
      );
    }
  }
  const named = new Map<string, { namespace: string; name: string }>();
  for (const [key, kind] of Object.entries(WORKLOAD_KINDS)) {
    for (const workload of (workloads as Record<string, unknown[] | undefined>)[
      key
    ] ?? []) {
      const namespace = metaOf(workload).namespace;
      if (!namespace) continue;
      const podSpec = refresherPodSpec(kind, workload);
      let names = referenceNames(podSpec?.imagePullSecrets);
      if (!names.length) {
        const sa =
          (podSpec?.serviceAccountName as string) ||
          (podSpec?.serviceAccount as string) ||
          'default';
        names = accounts.get(`${namespace}/${sa}`) ?? [];
      }
      for (const name of names) {
        named.set(`${namespace}/${name}`, { namespace, name });
      }
    }
  }
  return [...named.values()];
}

export interface OtherTypeSecretsResult {
  /** Secrets that exist under a named pull secret's name with another type: metadata and type. */
  secrets: unknown[];
  /** Set when a lookup could not be answered: the named secrets are then unknown, not missing. */
  unreadable: boolean;
  errors: string[];
}

/** The first Secret of the namespace the field selector finds (metadata only), if any. */
async function firstSecret(
  get: KubernetesGet,
  namespace: string,
  fieldSelector: string,
  options: ListOptions,
): Promise<unknown | undefined> {
  const kind: ListedKind = {
    key: 'secrets',
    path: namespacedPath('/api/v1/secrets', namespace),
    fieldSelector,
    metadataOnly: true,
  };
  const { items } = await listAll(get, kind, options);
  return items[0];
}

/**
 * The named secret as a Secret of its type, metadata only, when it exists with a type other
 * than the pull-secret types; undefined when it does not exist (the engine then says
 * SECRET_MISSING).
 */
async function findOtherType(
  get: KubernetesGet,
  { namespace, name }: { namespace: string; name: string },
  options: ListOptions,
): Promise<unknown | undefined> {
  const byName = `metadata.name=${name}`;
  const found = await firstSecret(
    get,
    namespace,
    [byName, ...PULL_SECRET_TYPES.map(t => `type!=${t}`)].join(','),
    options,
  );
  if (!found) return undefined;
  let type = OTHER_SECRET_TYPE;
  for (const candidate of OTHER_BUILT_IN_TYPES) {
    if (
      await firstSecret(get, namespace, `${byName},type=${candidate}`, options)
    ) {
      type = candidate;
      break;
    }
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type,
    metadata: secretMetadata((found as { metadata?: unknown }).metadata),
  };
}

/**
 * The cluster-wide LISTs select pull-secret types only, so a secret named as a pull secret but
 * written with another type (`kubectl create secret generic regcred` without `--type`: `Opaque`)
 * would read as missing. For each name the workloads use that no listed pull secret answers,
 * metadata-only LISTs in its namespace ask whether it exists with another type
 * (`fieldSelector=metadata.name=<n>,type!=<pull types>`) and then which built-in type it has
 * (`metadata.name=<n>,type=<t>`, Opaque first): one request for a secret that does not exist,
 * two for an Opaque one, at most eight otherwise. Bounded by the number of distinct such names,
 * never by the catalog; no secret data is ever requested (metadata-only, also when
 * `readPullSecretHosts` reads pull secrets whole).
 */
export async function readOtherTypeSecrets(
  snapshot: ClusterSnapshot,
  get: KubernetesGet,
  limit: pLimit.Limit,
  options: ListOptions,
  workloads: Partial<ClusterSnapshot> = snapshot,
): Promise<OtherTypeSecretsResult> {
  const result: OtherTypeSecretsResult = {
    secrets: [],
    unreadable: false,
    errors: [],
  };
  if (!snapshot.secrets || snapshot.forbidden?.secrets) return result;
  const listed = new Set(
    snapshot.secrets.map(s => `${metaOf(s).namespace}/${metaOf(s).name}`),
  );
  const unlisted = namedPullSecrets(workloads, snapshot.serviceAccounts).filter(
    s => !listed.has(`${s.namespace}/${s.name}`),
  );
  // Metadata only, whatever `readPullSecretHosts` says: these are not pull secrets.
  const listOptions: ListOptions = { ...options, pullSecretHosts: false };
  await Promise.all(
    unlisted.map(secret =>
      limit(async () => {
        try {
          const found = await findOtherType(get, secret, listOptions);
          if (found) result.secrets.push(found);
        } catch (error) {
          result.unreadable = true;
          result.errors.push((error as Error).message);
        }
      }),
    ),
  );
  return result;
}
