import {
  ClusterConfig,
  ClusterSnapshot,
  EntitySelector,
  entityWorkloadsOf,
  mayWriteSecrets,
  secretWriteAccess,
} from '@ecr-access/plugin-ecr-access-node';
import pLimit from 'p-limit';
import {
  addOtherTypeSecrets,
  ClusterCollection,
  collectCluster,
} from './collectCluster';
import { LISTED_KINDS, ListedKind, ListedSnapshotKey } from './kubernetesKinds';
import { KubernetesGet, ListOptions } from './listAll';
import { namedPullSecrets } from './namedSecrets';
import { namespacedPath } from './namespacedPath';
import { REFRESHER_KINDS } from './refresherMentions';

export { namespacedPath };

const WORKLOAD_KINDS = new Set<ListedSnapshotKey>([
  'deployments',
  'statefulSets',
  'daemonSets',
  'cronJobs',
  'jobs',
  'rollouts',
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

/** A kind listed in one namespace: its path, and its older version's path, namespaced. */
function inNamespace(kind: ListedKind, namespace: string): ListedKind {
  return {
    ...kind,
    path: namespacedPath(kind.path, namespace),
    ...(kind.fallbackPath
      ? { fallbackPath: namespacedPath(kind.fallbackPath, namespace) }
      : {}),
  };
}

/**
 * The namespaces, other than the entity's own, of ServiceAccounts that may write a pull secret
 * the entity's workloads name: subjects of ClusterRoleBindings, and of RoleBindings in the
 * entity's namespaces, that live elsewhere (nabsul/k8s-ecr-login-renew's CronJob runs in its
 * own namespace and writes the secret through a ClusterRoleBinding). Judged by the engine's
 * `rbac.ts` over the RBAC the refresh read; a refresher found there is recognised as the
 * scheduled audit would. A handful of namespaces, never the cluster.
 */
export function refresherNamespaces(
  snapshot: ClusterSnapshot,
  entityWorkloads: Partial<ClusterSnapshot>,
  entityNamespaces: string[],
): string[] {
  const own = new Set(entityNamespaces);
  const named = namedPullSecrets(
    entityWorkloads,
    snapshot.serviceAccounts,
  ).filter(s => own.has(s.namespace));
  if (!named.length) return [];
  // A fresh object: the engine indexes RBAC once per object it is given.
  const rbac = {
    roles: snapshot.roles,
    roleBindings: snapshot.roleBindings,
    clusterRoles: snapshot.clusterRoles,
    clusterRoleBindings: snapshot.clusterRoleBindings,
  };
  const subjects = new Map<string, { namespace: string; name: string }>();
  const bindings = [
    ...(snapshot.roleBindings ?? []),
    ...(snapshot.clusterRoleBindings ?? []),
  ];
  for (const binding of bindings) {
    const b = binding as {
      metadata?: { namespace?: string };
      subjects?: Array<{ kind?: string; name?: string; namespace?: string }>;
    };
    for (const subject of b?.subjects ?? []) {
      const namespace = subject?.namespace ?? b.metadata?.namespace;
      if (subject?.kind !== 'ServiceAccount' || !subject.name || !namespace)
        continue;
      if (own.has(namespace)) continue;
      subjects.set(`${namespace}/${subject.name}`, {
        namespace,
        name: subject.name,
      });
    }
  }
  const namespaces = new Set<string>();
  for (const sa of subjects.values()) {
    if (namespaces.has(sa.namespace) || !mayWriteSecrets(rbac, sa)) continue;
    if (named.some(secret => secretWriteAccess(rbac, sa, secret) !== 'none')) {
      namespaces.add(sa.namespace);
    }
  }
  return [...namespaces].sort();
}

function uidOf(item: unknown): string | undefined {
  return (item as { metadata?: { uid?: string } })?.metadata?.uid;
}

type EntityCollectOptions = ListOptions & {
  concurrency?: number;
  /**
   * Namespaces where the last audit found the entity's workloads, listed whole too: the only
   * way to find again a workload labelled only in its pod template, alone in its namespace.
   */
  knownNamespaces?: string[];
};

/**
 * The entity's workloads as LISTs can find them. In its namespace, when it names one, every
 * workload is listed: a LIST's label selector sees only an object's own labels, but Backstage
 * also shows the pods of a workload labelled only in its pod template (the engine keeps the
 * entity's, {@link entityWorkloadsOf}). Without a namespace, cluster-wide by label selector;
 * {@link readSupporting} then lists the namespaces found whole.
 */
function readWorkloads(
  cluster: ClusterConfig,
  get: KubernetesGet,
  selector: EntitySelector,
  options: EntityCollectOptions,
): Promise<ClusterCollection> {
  const labelSelector = workloadLabelSelector(selector);
  const kinds: ListedKind[] = LISTED_KINDS.filter(k =>
    WORKLOAD_KINDS.has(k.key),
  ).map(kind =>
    selector.namespace
      ? inNamespace(kind, selector.namespace)
      : { ...kind, labelSelector },
  );
  return collectCluster(cluster, get, {
    ...options,
    kinds,
    namedSecrets: false,
  });
}

/**
 * What the workloads of these namespaces use: ServiceAccounts, pull-secret metadata, RBAC
 * (cluster-wide RBAC whole), and, unless {@link readWorkloads} listed them whole already,
 * every workload of the namespaces: the refresher of a pull secret seldom carries the entity's
 * labels (its CronJobs, Jobs and Deployments are read as possible refreshers, Jobs as the runs
 * of CronJobs), and a workload labelled only in its pod template is the entity's too.
 */
function readSupporting(
  cluster: ClusterConfig,
  get: KubernetesGet,
  namespaces: string[],
  workloadsListed: boolean,
  options: EntityCollectOptions,
): Promise<ClusterCollection> {
  const kinds: ListedKind[] = LISTED_KINDS.filter(
    k => !WORKLOAD_KINDS.has(k.key) || !workloadsListed,
  ).flatMap(kind =>
    kind.key.startsWith('cluster') || kind.clusterScoped
      ? [kind]
      : namespaces.map(ns => inNamespace(kind, ns)),
  );
  return collectCluster(cluster, get, {
    ...options,
    kinds,
    namedSecrets: false,
  });
}

/** The entity's own workloads of a read: those the engine maps to it. */
function ownWorkloads(
  read: ClusterCollection,
  selector: EntitySelector,
): ClusterCollection {
  const snapshot = entityWorkloadsOf(read.snapshot, selector);
  return { ...read, snapshot: snapshot as ClusterSnapshot };
}

function workloadNamespaces(snapshot: Partial<ClusterSnapshot>): string[] {
  return [
    ...new Set(
      [...WORKLOAD_KINDS].flatMap(key => itemNamespaces(snapshot[key])),
    ),
  ].sort();
}

/**
 * Refreshers that live in other namespaces and write the entity's pull secrets through a
 * (Cluster)RoleBinding ({@link refresherNamespaces}): their CronJobs, Jobs and Deployments.
 */
async function readRefreshersElsewhere(
  cluster: ClusterConfig,
  get: KubernetesGet,
  collection: ClusterCollection,
  workloads: ClusterCollection,
  namespaces: string[],
  options: EntityCollectOptions,
): Promise<ClusterCollection> {
  const elsewhere = refresherNamespaces(
    collection.snapshot,
    workloads.snapshot,
    namespaces,
  );
  if (!elsewhere.length) return collection;
  const kinds = LISTED_KINDS.filter(k => k.key in REFRESHER_KINDS).flatMap(
    kind => elsewhere.map(ns => inNamespace(kind, ns)),
  );
  const others = await collectCluster(cluster, get, {
    ...options,
    kinds,
    known: collection.snapshot,
    namedSecrets: false,
  });
  return merge(collection, others);
}

/**
 * Reads what one entity needs from one cluster, for an on-demand refresh: its workloads
 * ({@link readWorkloads}: its namespace's whole when it names one, else by label selector,
 * then the whole of the namespaces found, so that a workload labelled only in its pod
 * template is kept as the scheduled audit keeps it), the ServiceAccounts, pull-secret
 * metadata, possible refreshers (CronJobs, Jobs, Deployments), the ConfigMaps those load, and
 * RBAC of their namespaces only;
 * then the CronJobs, Jobs and Deployments of the few other namespaces whose ServiceAccounts may
 * write the entity's pull secrets ({@link refresherNamespaces}); then the named pull secrets no
 * list returned, by name (`namedSecrets.ts`). A handful of requests, whatever the size of the
 * cluster.
 */
export async function collectForEntity(
  cluster: ClusterConfig,
  get: KubernetesGet,
  selector: EntitySelector,
  options: EntityCollectOptions = {},
): Promise<ClusterCollection> {
  const listed = await readWorkloads(cluster, get, selector, options);
  const own = ownWorkloads(listed, selector);
  const namespaces = selector.namespace
    ? workloadNamespaces(own.snapshot)
    : [
        ...new Set([
          ...workloadNamespaces(listed.snapshot),
          ...(options.knownNamespaces ?? []),
        ]),
      ].sort();
  if (namespaces.length === 0) return own;
  const supporting = await readSupporting(
    cluster,
    get,
    namespaces,
    !!selector.namespace,
    options,
  );
  const read = merge(listed, supporting);
  const workloads = ownWorkloads(read, selector);
  const collection = await readRefreshersElsewhere(
    cluster,
    get,
    read,
    workloads,
    workloadNamespaces(workloads.snapshot),
    options,
  );
  let lookups = 0;
  const errors = await addOtherTypeSecrets(
    collection.snapshot,
    get,
    pLimit(options.concurrency ?? 4),
    {
      ...options,
      pullSecretHosts: options.pullSecretHosts ?? get.readPullSecretHosts,
      onRequest: () => {
        lookups++;
        options.onRequest?.();
      },
    },
    workloads.snapshot,
  );
  return {
    ...collection,
    requests: collection.requests + lookups,
    errors: [...collection.errors, ...errors],
  };
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
