import type {
  ClusterConfig,
  EntitySelector,
} from '@ecr-access/plugin-ecr-access-node';
import { ClusterCollection, collectCluster } from './collectCluster';
import { LISTED_KINDS, ListedKind, ListedSnapshotKey } from './kubernetesKinds';
import { KubernetesGet, ListOptions } from './listAll';
import { namespacedPath } from './namespacedPath';
import { REFRESHER_KINDS } from './refresherMentions';

export { namespacedPath };

const WORKLOAD_KINDS = new Set<ListedSnapshotKey>([
  'deployments',
  'statefulSets',
  'daemonSets',
  'cronJobs',
  'jobs',
]);

/** The label selector that finds an entity's workloads, as the Kubernetes plugin forms it. */
export function workloadLabelSelector(
  selector: EntitySelector,
): string | undefined {
  if (selector.labelSelector) return selector.labelSelector;
  if (selector.kubernetesId) {
    return `backstage.io/kubernetes-id=${selector.kubernetesId}`;
  }
  return undefined;
}

function itemNamespaces(items: unknown[] | undefined): string[] {
  return (items ?? []).flatMap(item => {
    const ns = (item as { metadata?: { namespace?: unknown } })?.metadata
      ?.namespace;
    return typeof ns === 'string' ? [ns] : [];
  });
}

function uidOf(item: unknown): string | undefined {
  return (item as { metadata?: { uid?: string } })?.metadata?.uid;
}

/**
 * Reads what one entity needs from one cluster, for an on-demand refresh: its workloads by
 * label selector, then the ServiceAccounts, pull-secret metadata, possible refreshers
 * (CronJobs, Jobs, Deployments), the ConfigMaps those load, and RBAC of their namespaces only. A handful of requests, whatever the size of the cluster.
 */
export async function collectForEntity(
  cluster: ClusterConfig,
  get: KubernetesGet,
  selector: EntitySelector,
  options: ListOptions = {},
): Promise<ClusterCollection> {
  const labelSelector = workloadLabelSelector(selector);
  const workloadKinds: ListedKind[] = LISTED_KINDS.filter(k =>
    WORKLOAD_KINDS.has(k.key),
  ).map(kind => ({
    ...kind,
    labelSelector,
    path: selector.namespace
      ? namespacedPath(kind.path, selector.namespace)
      : kind.path,
  }));
  const workloads = await collectCluster(cluster, get, {
    ...options,
    kinds: workloadKinds,
  });
  const namespaces = [
    ...new Set(
      [...WORKLOAD_KINDS].flatMap(key =>
        itemNamespaces(workloads.snapshot[key]),
      ),
    ),
  ].sort();
  if (namespaces.length === 0) return workloads;
  // The refresher of a pull secret seldom carries the entity's labels: the CronJobs, Jobs and
  // Deployments of these namespaces are read too, as possible refreshers (and Jobs as the
  // runs of CronJobs).
  const supportingKinds: ListedKind[] = LISTED_KINDS.filter(
    k => !WORKLOAD_KINDS.has(k.key) || k.key in REFRESHER_KINDS,
  ).flatMap(kind =>
    kind.key.startsWith('cluster')
      ? [kind]
      : namespaces.map(ns => ({
          ...kind,
          path: namespacedPath(kind.path, ns),
        })),
  );
  const supporting = await collectCluster(cluster, get, {
    ...options,
    kinds: supportingKinds,
  });
  return merge(workloads, supporting);
}

/** Merges the two reads; CronJobs appear in both (workloads and refreshers), kept once. */
function merge(
  workloads: ClusterCollection,
  supporting: ClusterCollection,
): ClusterCollection {
  const snapshot = { ...workloads.snapshot };
  for (const [key, value] of Object.entries(supporting.snapshot)) {
    if (key === 'cluster' || key === 'forbidden' || !Array.isArray(value)) {
      continue;
    }
    const existing = (snapshot as any)[key] as unknown[] | undefined;
    const seen = new Set((existing ?? []).map(uidOf).filter(Boolean));
    (snapshot as any)[key] = [
      ...(existing ?? []),
      ...value.filter(item => !uidOf(item) || !seen.has(uidOf(item))),
    ];
  }
  snapshot.forbidden = {
    ...workloads.snapshot.forbidden,
    ...supporting.snapshot.forbidden,
  };
  return {
    snapshot,
    requests: workloads.requests + supporting.requests,
    errors: [...workloads.errors, ...supporting.errors],
  };
}
