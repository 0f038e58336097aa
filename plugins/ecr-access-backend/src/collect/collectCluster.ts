import type {
  ClusterConfig,
  ClusterSnapshot,
  SnapshotKind,
} from '@ecr-access/plugin-ecr-access-node';
import pLimit from 'p-limit';
import { KindForbiddenError, KubernetesRequestError } from './errors';
import { LISTED_KINDS, ListedKind, ListedSnapshotKey } from './kubernetesKinds';
import { KubernetesGet, listAll, ListOptions } from './listAll';

export interface ClusterCollection {
  snapshot: ClusterSnapshot;
  /** Kubernetes requests this collection made, retries included. */
  requests: number;
  /** Kinds that could not be read (403, or failing after retries), with why. */
  errors: Array<{ kind: ListedSnapshotKey; message: string }>;
}

// Kinds whose 403 the engine understands (it degrades the findings that need them).
const DEGRADABLE: Partial<Record<ListedSnapshotKey, SnapshotKind>> = {
  secrets: 'secrets',
  serviceAccounts: 'serviceAccounts',
  cronJobs: 'cronJobs',
  roles: 'roles',
  roleBindings: 'roleBindings',
  externalSecrets: 'externalSecrets',
};

const WORKLOAD_KEYS = new Set<ListedSnapshotKey>([
  'deployments',
  'statefulSets',
  'daemonSets',
  'cronJobs',
  'jobs',
]);

/**
 * Drops the literal values of container environment variables. The audit needs none of them,
 * and a refresher CronJob commonly carries AWS keys there: dropped on arrival, they can reach
 * no log, response or database row. Names and `valueFrom` references stay.
 */
function withoutEnvValues(workload: unknown): unknown {
  return JSON.parse(JSON.stringify(workload), (key, value) =>
    key === 'env' && Array.isArray(value)
      ? value.map(v =>
          v && typeof v === 'object' ? { ...v, value: undefined } : v,
        )
      : value,
  );
}

/**
 * Reads one cluster: one paginated cluster-wide LIST per kind, a few at a time. The number of
 * requests depends on the cluster's size, never on the number of catalog entities. A kind
 * that is forbidden degrades; an unreachable cluster throws `ClusterUnreachableError`.
 */
export async function collectCluster(
  cluster: ClusterConfig,
  get: KubernetesGet,
  options: ListOptions & {
    concurrency?: number;
    kinds?: readonly ListedKind[];
  } = {},
): Promise<ClusterCollection> {
  const snapshot: ClusterSnapshot = { cluster, forbidden: {} };
  const errors: ClusterCollection['errors'] = [];
  let requests = 0;
  const onRequest = () => {
    requests++;
  };
  const limit = pLimit(options.concurrency ?? 4);
  // Once the cluster has failed, the kinds still queued are not listed: the audit has already
  // given up on it, and each would cost an unreachable cluster another request timeout.
  let failed = false;
  await Promise.all(
    (options.kinds ?? LISTED_KINDS).map(kind =>
      limit(async () => {
        if (failed) return;
        try {
          const result = await listAll(get, kind, { ...options, onRequest });
          const items = WORKLOAD_KEYS.has(kind.key)
            ? result.items.map(withoutEnvValues)
            : result.items;
          // Appended: a refresh lists the same kind once per namespace.
          snapshot[kind.key] = [...(snapshot[kind.key] ?? []), ...items];
        } catch (error) {
          const degradable = DEGRADABLE[kind.key];
          const unreadable =
            error instanceof KindForbiddenError ||
            error instanceof KubernetesRequestError;
          // Without workloads there is nothing to classify: that is a failed cluster. A
          // supporting kind degrades only the findings that need it.
          if (!unreadable || !(degradable || kind.optional)) {
            failed = true;
            throw error;
          }
          if (degradable) snapshot.forbidden![degradable] = true;
          errors.push({ kind: kind.key, message: error.message });
        }
      }),
    ),
  );
  return { snapshot, requests, errors };
}
