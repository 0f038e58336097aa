import type {
  ClusterConfig,
  ClusterSnapshot,
  SnapshotKind,
} from '@ecr-access/plugin-ecr-access-node';
import pLimit from 'p-limit';
import { KindForbiddenError, KubernetesRequestError } from './errors';
import { LISTED_KINDS, ListedKind, ListedSnapshotKey } from './kubernetesKinds';
import { KubernetesGet, listAll, ListOptions } from './listAll';
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
 * that is forbidden degrades; an unreachable cluster throws `ClusterUnreachableError`. Then,
 * with every list in memory, the pull secrets that possible refreshers name are found (one GET
 * per ConfigMap they load, `refresherMentions.ts`) and the env values are let go.
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
  // The connection's own setting (`ecrAccess.kubernetes.readPullSecretHosts`) unless overridden.
  const listOptions: ListOptions = {
    ...options,
    pullSecretHosts: options.pullSecretHosts ?? get.readPullSecretHosts,
  };
  // Possible refreshers as they arrived, env values included, until their mentions are found.
  const arrived: ArrivedWorkload[] = [];
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
          const result = await listAll(get, kind, {
            ...listOptions,
            onRequest,
          });
          const refresherKind = REFRESHER_KINDS[kind.key];
          if (refresherKind) {
            arrived.push(
              ...result.items.map(object => ({ kind: refresherKind, object })),
            );
          }
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
  const found = await readSecretMentions(snapshot, arrived, get, limit, {
    ...listOptions,
    onRequest,
  });
  arrived.length = 0;
  if (found.mentions.length) snapshot.secretMentions = found.mentions;
  if (found.configMapsForbidden) snapshot.forbidden!.configMaps = true;
  errors.push(
    ...found.errors.map(message => ({ kind: 'configMaps' as const, message })),
  );
  return { snapshot, requests, errors };
}
