import { ManifestObject, manifestObjectsOf } from '../scenario/manifestSchema';
import { ScenarioCluster } from '../scenario/schema';
import { k8sTime, resolveTime } from '../time';
import { SimulatedCluster } from './cluster';
import { pullSecretData } from './pullSecret';
import type { SeedContext } from './seed';
import { seedManifestPods } from './manifestPods';
import { resourceTypeOfKind } from './resources';
import { managedEntry } from './store';
import {
  resolveStatusTimes,
  workloadStatus,
  cronJobStatus,
  jobOfRun,
} from './manifestStatus';

import { K8sObject, ManagedFieldsEntry } from './types';

/**
 * Seeds `clusters[].manifests`: raw objects as people write them, stored as the API server
 * stores a `kubectl apply` (uid, resourceVersion, `creationTimestamp`, `managedFields` with
 * the entry's manager and time), and what the controllers then do: a Deployment, StatefulSet
 * or DaemonSet gets its status and Running pods, a CronJob with `lastRun` its status and the
 * Job that run left, a Namespace its `default` ServiceAccount. Secret values never stay as
 * written: each one becomes the sandbox's canary (pull secrets keep their registries with a
 * fake token holding it), and each ConfigMap gets one more key holding it, so that tests can
 * prove none of it leaks.
 */

/** The key added to every manifest ConfigMap's data. */
export const CONFIGMAP_CANARY_KEY = 'ECR_ACCESS_SANDBOX_CANARY';

const CONTROLLER = 'kube-controller-manager';

/** Namespaces that manifests declare as Namespace objects (seeded here, not as implied). */
export function manifestNamespaces(spec: ScenarioCluster): Set<string> {
  return new Set(
    manifestObjectsOf(spec)
      .filter(({ object }) => object.kind === 'Namespace')
      .map(({ object }) => object.metadata.name),
  );
}

/** Whether the scenario declares this ServiceAccount itself (so no controller creates it). */
export function declaresServiceAccount(
  spec: ScenarioCluster,
  namespace: string,
  name: string,
): boolean {
  return (
    spec.serviceAccounts.some(
      sa => sa.namespace === namespace && sa.name === name,
    ) ||
    manifestObjectsOf(spec).some(
      ({ object }) =>
        object.kind === 'ServiceAccount' &&
        object.metadata.namespace === namespace &&
        object.metadata.name === name,
    )
  );
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

function decode(value: unknown): string | undefined {
  return typeof value === 'string'
    ? Buffer.from(value, 'base64').toString('utf8')
    : undefined;
}

/** Registry hosts named in a pull secret's `.dockerconfigjson` or `.dockercfg`. */
function registriesOf(type: string, data: Record<string, unknown>): string[] {
  try {
    if (type === 'kubernetes.io/dockerconfigjson') {
      return Object.keys(
        JSON.parse(decode(data['.dockerconfigjson']) ?? '{}').auths ?? {},
      );
    }
    return Object.keys(JSON.parse(decode(data['.dockercfg']) ?? '{}'));
  } catch {
    return [];
  }
}

/** As the API server stores a Secret (stringData folded into data), with the canary in every value. */
function secretWithCanary(object: K8sObject, canary: string): K8sObject {
  const { stringData, ...rest } = object as K8sObject & {
    stringData?: Record<string, unknown>;
  };
  const type = typeof rest.type === 'string' ? rest.type : 'Opaque';
  const written: Record<string, unknown> = {
    ...((rest.data as Record<string, unknown>) ?? {}),
    ...Object.fromEntries(
      Object.entries(stringData ?? {}).map(([k, v]) => [k, base64(String(v))]),
    ),
  };
  let data: Record<string, string>;
  if (
    type === 'kubernetes.io/dockerconfigjson' ||
    type === 'kubernetes.io/dockercfg'
  ) {
    data = pullSecretData(type, registriesOf(type, written), canary);
  } else {
    data = Object.fromEntries(
      Object.keys(written).map(key => [key, base64(canary)]),
    );
  }
  return { ...rest, type, data };
}

/** The write of `manager` at `at`, and the controller's status write when there is a status. */
function managedFieldsOf(
  object: K8sObject,
  manager: string,
  at: Date,
  statusAt: Date,
  statusManager: string,
): ManagedFieldsEntry[] {
  const type = resourceTypeOfKind(object.kind!);
  const { status, ...written } = object;
  const entries = [managedEntry(type, manager, at, written as K8sObject)];
  if (status !== undefined) {
    entries.push({
      ...managedEntry(type, statusManager, statusAt, {
        metadata: {},
        status,
      } as K8sObject),
      subresource: 'status',
    });
  }
  return entries;
}

/**
 * Stores an object as written by `manager` at `at` (and its status by `statusManager` at
 * `statusAt`); an object the scenario also creates elsewhere is an error of the scenario.
 */
export type Insert = (
  object: K8sObject,
  where: string,
  manager: string,
  at: Date,
  statusAt?: Date,
  statusManager?: string,
) => K8sObject;

function inserterInto(
  cluster: SimulatedCluster,
  spec: ScenarioCluster,
): Insert {
  return (
    object,
    where,
    manager,
    at,
    statusAt = at,
    statusManager = CONTROLLER,
  ) => {
    const type = resourceTypeOfKind(object.kind!);
    const { namespace, name } = object.metadata;
    if (cluster.store.get(type, namespace, name!)) {
      throw new Error(
        `${where}: ${object.kind} ${
          namespace ? `${namespace}/` : ''
        }${name} already exists in cluster ${
          spec.name
        }: the scenario also creates it`,
      );
    }
    object.metadata.managedFields = managedFieldsOf(
      object,
      manager,
      at,
      statusAt,
      statusManager,
    );
    return cluster.store.insert(type, object, manager, at);
  };
}

type ManifestItem = ReturnType<typeof manifestObjectsOf>[number];

/** The cluster being seeded, its scenario, the scenario's `now`, and how objects go in. */
export interface Seeding {
  cluster: SimulatedCluster;
  spec: ScenarioCluster;
  now: Date;
  insert: Insert;
}

/**
 * One manifest object as the API server stores it and its controller updates it: times
 * resolved, Secret values replaced by the canary, a ConfigMap given the canary key, a
 * Namespace its defaults, a CronJob its last run's status, a workload its status.
 * `statusAt` is when the controller last wrote that status.
 */
function asStored(
  { entry, object: written }: ManifestItem,
  spec: ScenarioCluster,
  { now, canary }: SeedContext,
  created: Date,
): { object: ManifestObject; statusAt: Date } {
  let object: ManifestObject = structuredClone(written);
  object.metadata.creationTimestamp = k8sTime(created);
  if (object.status !== undefined) {
    object.status = resolveStatusTimes(object.status, now);
  }
  let statusAt = created;
  switch (object.kind) {
    case 'Secret':
      object = secretWithCanary(object, canary) as ManifestObject;
      break;
    case 'ConfigMap':
      object.data = {
        ...((object.data as Record<string, string>) ?? {}),
        [CONFIGMAP_CANARY_KEY]: canary,
      };
      break;
    case 'Namespace':
      object.metadata.labels = {
        'kubernetes.io/metadata.name': object.metadata.name,
        ...object.metadata.labels,
      };
      object.spec ??= { finalizers: ['kubernetes'] };
      object.status ??= { phase: 'Active' };
      break;
    case 'CronJob':
      if (entry.lastRun) {
        object.status = {
          ...(object.status as object),
          ...cronJobStatus(entry.lastRun, now),
        };
        statusAt = resolveTime(entry.lastRun.at, now);
      }
      break;
    default:
      if (object.status === undefined) {
        object.status = workloadStatus(spec, object);
        if (object.status === undefined) delete object.status;
      }
  }
  return { object, statusAt };
}

export function seedManifests(
  cluster: SimulatedCluster,
  spec: ScenarioCluster,
  context: SeedContext,
): void {
  const { now } = context;
  const insert = inserterInto(cluster, spec);
  const seeding: Seeding = { cluster, spec, now, insert };
  const all = manifestObjectsOf(spec);
  // Namespaces first, as `kubectl apply -f` of a folder needs them before what lives in them.
  const ordered = [
    ...all.filter(o => o.object.kind === 'Namespace'),
    ...all.filter(o => o.object.kind !== 'Namespace'),
  ];
  for (const item of ordered) {
    const { entry, index, object: written } = item;
    const where = `cluster ${spec.name}, manifests[${index}]${
      entry.file ? ` (${entry.file})` : ''
    }`;
    const created = resolveTime(
      (written.metadata.creationTimestamp as string | undefined) ??
        entry.createdAt,
      now,
    );
    const at = entry.lastWritten
      ? resolveTime(entry.lastWritten, now)
      : created;
    const { object, statusAt } = asStored(item, spec, context, created);
    const stored = insert(object, where, entry.manager, at, statusAt);
    seedControllerObjects(seeding, entry, stored, created, where);
  }
}

/**
 * What controllers create for a stored manifest object: a Namespace's `default`
 * ServiceAccount (unless the scenario declares it), the Job of a CronJob's last run, the
 * pods of a Deployment, StatefulSet or DaemonSet.
 */
function seedControllerObjects(
  seeding: Seeding,
  entry: ManifestItem['entry'],
  stored: K8sObject,
  created: Date,
  where: string,
) {
  const { spec, now, insert } = seeding;
  const kind = stored.kind!;
  const name = stored.metadata.name!;
  if (kind === 'Namespace' && !declaresServiceAccount(spec, name, 'default')) {
    insert(
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'default',
          namespace: name,
          creationTimestamp: k8sTime(created),
        },
      },
      where,
      CONTROLLER,
      created,
    );
  }
  if (kind === 'CronJob' && entry.lastRun) {
    const job = jobOfRun(stored, entry.lastRun, now);
    insert(job, where, CONTROLLER, resolveTime(entry.lastRun.at, now));
  }
  if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(kind)) {
    seedManifestPods(seeding, stored, created, where);
  }
}
