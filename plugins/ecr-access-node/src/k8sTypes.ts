/*
 * Minimal structural types of the Kubernetes objects the engine reads, in the
 * API's JSON (camelCase) shape. Every field is optional: the engine accepts
 * plain JSON from a LIST and checks each value before using it.
 */

/** One `metadata.managedFields` entry: which field manager wrote the object. @public */
export interface K8sManagedFieldsEntry {
  /** Name of the field manager (e.g. `kubectl`, `helm`). */
  manager?: string;
  /** `Apply` or `Update`. */
  operation?: string;
  /** When the manager last wrote its fields (ISO time). */
  time?: string;
  /** Subresource written (e.g. `status`), if any. */
  subresource?: string;
}

/** One `metadata.ownerReferences` entry: the object that owns this one. @public */
export interface K8sOwnerReference {
  /** API version of the owner. */
  apiVersion?: string;
  /** Kind of the owner (e.g. `ReplicaSet`, `CronJob`). */
  kind?: string;
  /** Name of the owner. */
  name?: string;
  /** UID of the owner. */
  uid?: string;
  /** Whether the owner is the managing controller. */
  controller?: boolean;
}

/** Kubernetes object metadata. @public */
export interface K8sObjectMeta {
  /** Object name. */
  name?: string;
  /** Namespace; absent for cluster-scoped objects. */
  namespace?: string;
  /** Object UID. */
  uid?: string;
  /** Labels. */
  labels?: Record<string, string>;
  /** Annotations (e.g. `eks.amazonaws.com/role-arn` for IRSA). */
  annotations?: Record<string, string>;
  /** Creation time (ISO). */
  creationTimestamp?: string;
  /** Field managers that wrote the object. */
  managedFields?: K8sManagedFieldsEntry[];
  /** Owners of the object. */
  ownerReferences?: K8sOwnerReference[];
}

/** Reference to an object by name in the same namespace. @public */
export interface K8sLocalObjectReference {
  /** Name of the referenced object. */
  name?: string;
}

/** A container environment variable. @public */
export interface K8sEnvVar {
  /** Variable name. */
  name?: string;
  /**
   * Literal value, if set directly. The backend's collector drops it on arrival (refresher
   * CronJobs commonly carry AWS keys here), after matching pull-secret names in it.
   */
  value?: string;
  /** Where the value comes from: a ConfigMap key (read for names only) or a Secret key (never read). */
  valueFrom?: {
    configMapKeyRef?: { name?: string; key?: string; optional?: boolean };
    secretKeyRef?: { name?: string; key?: string; optional?: boolean };
  };
}

/** A source of a container's whole environment. @public */
export interface K8sEnvFromSource {
  /** Every key of a ConfigMap (read for pull-secret names only, never kept). */
  configMapRef?: { name?: string; optional?: boolean };
  /** Every key of a Secret (never read). */
  secretRef?: { name?: string; optional?: boolean };
  /** Prefix added to every variable name. */
  prefix?: string;
}

/** A container of a pod spec. @public */
export interface K8sContainer {
  /** Container name. */
  name?: string;
  /** Image reference, e.g. an ECR image. */
  image?: string;
  /** Entrypoint override. */
  command?: string[];
  /** Arguments. */
  args?: string[];
  /** Environment variables. */
  env?: K8sEnvVar[];
  /** Whole ConfigMaps or Secrets loaded as environment variables. */
  envFrom?: K8sEnvFromSource[];
}

/** Pod spec fields that decide identity and image pulls. @public */
export interface K8sPodSpec {
  /** Service account the pod runs as (its IRSA identity). */
  serviceAccountName?: string;
  /** Deprecated alias of serviceAccountName, still honoured by the API. */
  serviceAccount?: string;
  /** Pull secrets set on the pod. */
  imagePullSecrets?: K8sLocalObjectReference[];
  /** Main containers. */
  containers?: K8sContainer[];
  /** Init containers. */
  initContainers?: K8sContainer[];
  /** Node selector (e.g. to target Fargate or a node group). */
  nodeSelector?: Record<string, string>;
}

/** Pod template of a controller. @public */
export interface K8sPodTemplateSpec {
  /** Template metadata. */
  metadata?: K8sObjectMeta;
  /** Pod spec. */
  spec?: K8sPodSpec;
}

/** Deployment, StatefulSet, DaemonSet and Job share this shape. @public */
export interface K8sPodController {
  /** API version. */
  apiVersion?: string;
  /** Kind (Deployment, StatefulSet, DaemonSet or Job). */
  kind?: string;
  /** Object metadata. */
  metadata?: K8sObjectMeta;
  /** Spec with the pod template (and the replica count of a Deployment). */
  spec?: { template?: K8sPodTemplateSpec; replicas?: number };
  /**
   * What the controller reports: a Deployment's available replicas, a Job's counts and
   * `Complete`/`Failed` conditions. Read to judge a refresher's health.
   */
  status?: {
    availableReplicas?: number;
    active?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: Array<{
      type?: string;
      status?: string;
      reason?: string;
      lastTransitionTime?: string;
    }>;
  };
}

/** A CronJob: schedule and the pod template of its jobs. @public */
export interface K8sCronJob {
  /** API version. */
  apiVersion?: string;
  /** Kind (`CronJob`). */
  kind?: string;
  /** Object metadata. */
  metadata?: K8sObjectMeta;
  /** Schedule, suspension and job template. */
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: { template?: K8sPodTemplateSpec } };
  };
  /** Last scheduled and last successful run times. */
  status?: { lastScheduleTime?: string; lastSuccessfulTime?: string };
}

/** A ServiceAccount: its IRSA annotation and pull secrets. @public */
export interface K8sServiceAccount {
  /** Object metadata (annotations carry the IRSA role ARN). */
  metadata?: K8sObjectMeta;
  /** Pull secrets added to pods that use this account. */
  imagePullSecrets?: K8sLocalObjectReference[];
}

/**
 * Metadata of a pull secret (the backend lists metadata only), with its
 * registry hosts when something read them.
 *
 * @public
 */
export interface K8sSecretMetadata {
  /** Object metadata. */
  metadata?: K8sObjectMeta;
  /** Secret type, e.g. `kubernetes.io/dockerconfigjson`. */
  type?: string;
  /** Registry hosts of `.dockerconfigjson` `auths`, if known. */
  hosts?: string[];
  /** Raw `.dockerconfigjson` (decoded), if the caller had it instead of hosts. */
  dockerConfigJson?: string;
}

/** One RBAC rule of a Role or ClusterRole. @public */
export interface K8sPolicyRule {
  /** API groups the rule applies to. */
  apiGroups?: string[];
  /** Resources the rule applies to. */
  resources?: string[];
  /** Specific object names, if restricted. */
  resourceNames?: string[];
  /** Allowed verbs. */
  verbs?: string[];
}

/** Role or ClusterRole. @public */
export interface K8sRole {
  /** Object metadata. */
  metadata?: K8sObjectMeta;
  /** RBAC rules. */
  rules?: K8sPolicyRule[];
}

/** RoleBinding or ClusterRoleBinding. @public */
export interface K8sRoleBinding {
  /** Object metadata. */
  metadata?: K8sObjectMeta;
  /** The Role or ClusterRole granted. */
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
  /** Users, groups and service accounts granted the role. */
  subjects?: Array<{ kind?: string; name?: string; namespace?: string }>;
}

/** External Secrets Operator `ExternalSecret` (external-secrets.io/v1). @public */
export interface ExternalSecret {
  /** Object metadata. */
  metadata?: K8sObjectMeta;
  /** Refresh interval, target secret and generator sources (e.g. ECR token generator). */
  spec?: {
    refreshInterval?: string;
    target?: { name?: string; template?: { type?: string } };
    dataFrom?: Array<{
      sourceRef?: {
        generatorRef?: { apiVersion?: string; kind?: string; name?: string };
      };
    }>;
  };
  /** Last refresh time and conditions. */
  status?: {
    refreshTime?: string;
    conditions?: Array<{
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
    }>;
  };
}

/** Narrow an unknown value to a plain object. @internal */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Narrow an unknown value to a non-empty string. @internal */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Narrow an unknown value to a dense array (else empty); holes become undefined. @internal */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? Array.from(value) : [];
}

/** Narrow an unknown value to a string map (dropping other values). @internal */
export function asStringMap(value: unknown): Record<string, string> {
  const rec = asRecord(value);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec ?? {})) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Parse an ISO time; undefined when absent or invalid. @internal */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** The metadata of any object, safely. @internal */
export function metaOf(obj: unknown): {
  name?: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  raw: Record<string, unknown>;
} {
  const raw = asRecord(asRecord(obj)?.metadata) ?? {};
  return {
    name: asString(raw.name),
    namespace: asString(raw.namespace),
    labels: asStringMap(raw.labels),
    annotations: asStringMap(raw.annotations),
    raw,
  };
}

type NamespaceIndex = Map<string, Map<string, unknown>>;
const NAMED_INDEX = new WeakMap<unknown[], NamespaceIndex>();

/**
 * Objects of a LIST by namespace and name, built once per list (the engine
 * treats its inputs as immutable) so that lookups stay cheap on clusters
 * with thousands of objects.
 *
 * @internal
 */
export function namespaceIndex(list: unknown[] | undefined): NamespaceIndex {
  if (!Array.isArray(list)) return new Map();
  let index = NAMED_INDEX.get(list);
  if (!index) {
    index = new Map();
    for (const item of list) {
      const raw = asRecord(asRecord(item)?.metadata);
      const ns = asString(raw?.namespace) ?? '';
      const name = asString(raw?.name);
      if (name === undefined) continue;
      if (!index.has(ns)) index.set(ns, new Map());
      const byName = index.get(ns)!;
      if (!byName.has(name)) byName.set(name, item);
    }
    NAMED_INDEX.set(list, index);
  }
  return index;
}

/** The object of a LIST with this namespace and name. @internal */
export function findNamed(
  list: unknown[] | undefined,
  namespace: string,
  name: string,
): unknown {
  return namespaceIndex(list).get(namespace)?.get(name);
}

/** Every object of a LIST in one namespace. @internal */
export function inNamespace(
  list: unknown[] | undefined,
  namespace: string,
): unknown[] {
  return [...(namespaceIndex(list).get(namespace)?.values() ?? [])];
}
