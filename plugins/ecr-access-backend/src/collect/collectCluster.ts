import type {
  ClusterConfig,
  ClusterSnapshot,
  SnapshotKind,
} from '@ecr-access/plugin-ecr-access-node';
import pLimit from 'p-limit';
import { withoutEnvValues } from './envValues';
import {
  KindForbiddenError,
  KubernetesRequestError,
  withRequestsBefore,
} from './errors';
import { LISTED_KINDS, ListedKind, ListedSnapshotKey } from './kubernetesKinds';
import { KubernetesGet, listAll, ListOptions } from './listAll';
import { readOtherTypeSecrets } from './namedSecrets';
import {
  ArrivedWorkload,
  readSecretMentions,
  REFRESHER_KINDS,
} from './refresherMentions';

export interface ClusterCollection {
  snapshot: ClusterSnapshot;
  /** Kubernetes requests this collection made, retries included. */
  requests: number;
  /** Kinds that could not be read (403, or failing after retries), with why. */
  errors: Array<{ kind: ListedSnapshotKey | 'configMaps'; message: string }>;
}

// Kinds whose 403 the engine understands (it degrades the findings that need them). Not
// CronJobs: they are workloads too (see listKinds).
const DEGRADABLE: Partial<Record<ListedSnapshotKey, SnapshotKind>> = {
  nodes: 'nodes',
  secrets: 'secrets',
  serviceAccounts: 'serviceAccounts',
  roles: 'roles',
  roleBindings: 'roleBindings',
  clusterRoles: 'clusterRoles',
  clusterRoleBindings: 'clusterRoleBindings',
  externalSecrets: 'externalSecrets',
};

const WORKLOAD_KEYS = new Set<ListedSnapshotKey>([
  'deployments',
  'statefulSets',
  'daemonSets',
  'cronJobs',
  'jobs',
  'rollouts',
]);

/**
 * What the preflight reads of a Node: its name, labels, taints and kubelet version, and its
 * `providerID` (its EC2 instance, for its instance profile). The rest (images, addresses,
 * conditions) can be large on busy nodes and is dropped on arrival.
 */
function nodeEssentials(node: unknown): unknown {
  const n = node as {
    metadata?: { name?: unknown; labels?: unknown };
    spec?: { taints?: unknown; providerID?: unknown };
    status?: { nodeInfo?: { kubeletVersion?: unknown } };
  };
  return {
    metadata: { name: n?.metadata?.name, labels: n?.metadata?.labels },
    spec: { taints: n?.spec?.taints, providerID: n?.spec?.providerID },
    status: {
      nodeInfo: { kubeletVersion: n?.status?.nodeInfo?.kubeletVersion },
    },
  };
}

/** Array-valued snapshot keys concatenated: objects already read beside those just listed. */
export function combineSnapshots(
  a: Partial<ClusterSnapshot>,
  b: ClusterSnapshot,
): ClusterSnapshot {
  const combined: Record<string, unknown> = { ...a, ...b };
  for (const [key, value] of Object.entries(a)) {
    const other = (b as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value) && Array.isArray(other)) {
      combined[key] = [...value, ...other];
    }
  }
  combined.forbidden = { ...a.forbidden, ...b.forbidden };
  return combined as unknown as ClusterSnapshot;
}

export interface CollectOptions extends ListOptions {
  concurrency?: number;
  kinds?: readonly ListedKind[];
  /**
   * Objects already read from this cluster (a refresh's Secrets and RBAC), consulted, not
   * returned, when finding which pull secrets the listed refreshers name.
   */
  known?: Partial<ClusterSnapshot>;
  /**
   * Look up the named pull secrets no list returned (`namedSecrets.ts`). On by default; a
   * refresh does it once, over all its reads.
   */
  namedSecrets?: boolean;
}

/**
 * Reads one cluster: one paginated cluster-wide LIST per kind, a few at a time. The number of
 * requests depends on the cluster's size, never on the number of catalog entities. A kind
 * that is forbidden degrades; an unreachable cluster throws `ClusterUnreachableError`. Then,
 * with every list in memory, the pull secrets that possible refreshers name are found (one GET
 * per ConfigMap they load, `refresherMentions.ts`) and the env values are let go; and the
 * pull secrets workloads name that no list returned are looked up by name, metadata only, to
 * tell a secret of another type from a missing one (`namedSecrets.ts`).
 */
export async function collectCluster(
  cluster: ClusterConfig,
  get: KubernetesGet,
  options: CollectOptions = {},
): Promise<ClusterCollection> {
  const snapshot: ClusterSnapshot = { cluster, forbidden: {} };
  let requests = 0;
  // The connection's own setting (`ecrAccess.kubernetes.readPullSecretHosts`) unless overridden.
  const listOptions: ListOptions = {
    ...options,
    pullSecretHosts: options.pullSecretHosts ?? get.readPullSecretHosts,
    onRequest: () => {
      requests++;
    },
  };
  const limit = pLimit(options.concurrency ?? 4);
  const tokenPulls = cluster.imagePullAuth === 'service-account-token';
  const kinds = (options.kinds ?? LISTED_KINDS).filter(
    k => tokenPulls || !k.tokenPullsOnly,
  );
  // A failed cluster's run records what it cost too: the requests sent before giving up.
  const listed = await listKinds(
    snapshot,
    get,
    limit,
    kinds,
    listOptions,
  ).catch(error => {
    throw withRequestsBefore(error, requests);
  });
  const errors = [...listed.errors];
  const found = await readSecretMentions(
    options.known ? combineSnapshots(options.known, snapshot) : snapshot,
    listed.arrived,
    get,
    limit,
    listOptions,
  );
  listed.arrived.length = 0;
  if (found.mentions.length) snapshot.secretMentions = found.mentions;
  if (found.configMapsForbidden) snapshot.forbidden!.configMaps = true;
  errors.push(
    ...found.errors.map(message => ({ kind: 'configMaps' as const, message })),
  );
  if (options.namedSecrets !== false) {
    errors.push(
      ...(await addOtherTypeSecrets(snapshot, get, limit, listOptions)),
    );
  }
  return { snapshot, requests, errors };
}

/**
 * Lists the kinds into the snapshot, a few at a time. Returns the possible refreshers as they
 * arrived, env values included, until their mentions are found; the snapshot keeps workloads
 * without env values. A forbidden or failing supporting kind degrades and is an error; a
 * workload kind that cannot be listed fails the cluster.
 */
async function listKinds(
  snapshot: ClusterSnapshot,
  get: KubernetesGet,
  limit: pLimit.Limit,
  kinds: readonly ListedKind[],
  options: ListOptions,
): Promise<{
  arrived: ArrivedWorkload[];
  errors: ClusterCollection['errors'];
}> {
  const arrived: ArrivedWorkload[] = [];
  const errors: ClusterCollection['errors'] = [];
  // Once the cluster has failed, the kinds still queued are not listed: the audit has already
  // given up on it, and each would cost an unreachable cluster another request timeout.
  let failed = false;
  await Promise.all(
    kinds.map(kind =>
      limit(async () => {
        if (failed) return;
        try {
          const result = await listAll(get, kind, options);
          const refresherKind = REFRESHER_KINDS[kind.key];
          if (refresherKind) {
            arrived.push(
              ...result.items.map(object => ({ kind: refresherKind, object })),
            );
          }
          let items = result.items;
          if (WORKLOAD_KEYS.has(kind.key)) items = items.map(withoutEnvValues);
          if (kind.key === 'nodes') items = items.map(nodeEssentials);
          // Appended: a refresh lists the same kind once per namespace.
          snapshot[kind.key] = [...(snapshot[kind.key] ?? []), ...items];
        } catch (error) {
          const degradable = DEGRADABLE[kind.key];
          const unreadable =
            error instanceof KindForbiddenError ||
            error instanceof KubernetesRequestError;
          // A workload kind that cannot be listed fails the cluster, CronJobs and Argo
          // Rollouts too (a Rollouts CRD that is not installed answers 404: none): an entity's
          // workloads of that kind left out would leave it judged on the others alone, shown
          // ok while they cannot pull. A supporting kind degrades only the findings needing it.
          const skippable =
            !WORKLOAD_KEYS.has(kind.key) && (degradable || kind.optional);
          if (!unreadable || !skippable) {
            failed = true;
            throw error;
          }
          if (degradable) snapshot.forbidden![degradable] = true;
          errors.push({ kind: kind.key, message: error.message });
        }
      }),
    ),
  );
  return { arrived, errors };
}

/**
 * Adds to `snapshot.secrets` the named pull secrets that exist with another type; when that
 * cannot be told, Secrets are unreadable (the engine then says so, not "missing"). Returns the
 * errors. `workloads`: whose names to look up (default: the snapshot's own workloads).
 */
export async function addOtherTypeSecrets(
  snapshot: ClusterSnapshot,
  get: KubernetesGet,
  limit: pLimit.Limit,
  options: ListOptions,
  workloads?: Partial<ClusterSnapshot>,
): Promise<ClusterCollection['errors']> {
  const other = await readOtherTypeSecrets(
    snapshot,
    get,
    limit,
    options,
    workloads,
  );
  if (other.secrets.length) {
    snapshot.secrets = [...(snapshot.secrets ?? []), ...other.secrets];
  }
  if (other.unreadable) {
    snapshot.forbidden = { ...snapshot.forbidden, secrets: true };
  }
  return other.errors.map(message => ({ kind: 'secrets' as const, message }));
}
