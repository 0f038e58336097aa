/*
 * Minimal structural types of the Kubernetes objects the engine reads, in the
 * API's JSON (camelCase) shape. Every field is optional: the engine accepts
 * plain JSON from a LIST and checks each value before using it.
 */

/** @public */
export interface K8sManagedFieldsEntry {
  manager?: string;
  operation?: string;
  time?: string;
  subresource?: string;
}

/** @public */
export interface K8sOwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

/** @public */
export interface K8sObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  managedFields?: K8sManagedFieldsEntry[];
  ownerReferences?: K8sOwnerReference[];
}

/** @public */
export interface K8sLocalObjectReference {
  name?: string;
}

/** @public */
export interface K8sEnvVar {
  name?: string;
  value?: string;
}

/** @public */
export interface K8sContainer {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: K8sEnvVar[];
}

/** @public */
export interface K8sPodSpec {
  serviceAccountName?: string;
  /** Deprecated alias of serviceAccountName, still honoured by the API. */
  serviceAccount?: string;
  imagePullSecrets?: K8sLocalObjectReference[];
  containers?: K8sContainer[];
  initContainers?: K8sContainer[];
  nodeSelector?: Record<string, string>;
}

/** @public */
export interface K8sPodTemplateSpec {
  metadata?: K8sObjectMeta;
  spec?: K8sPodSpec;
}

/** Deployment, StatefulSet, DaemonSet and Job share this shape. @public */
export interface K8sPodController {
  apiVersion?: string;
  kind?: string;
  metadata?: K8sObjectMeta;
  spec?: { template?: K8sPodTemplateSpec };
}

/** @public */
export interface K8sCronJob {
  apiVersion?: string;
  kind?: string;
  metadata?: K8sObjectMeta;
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: { template?: K8sPodTemplateSpec } };
  };
  status?: { lastScheduleTime?: string; lastSuccessfulTime?: string };
}

/** @public */
export interface K8sServiceAccount {
  metadata?: K8sObjectMeta;
  imagePullSecrets?: K8sLocalObjectReference[];
}

/**
 * Metadata of a pull secret (the backend lists metadata only), with its
 * registry hosts when something read them.
 *
 * @public
 */
export interface K8sSecretMetadata {
  metadata?: K8sObjectMeta;
  type?: string;
  /** Registry hosts of `.dockerconfigjson` `auths`, if known. */
  hosts?: string[];
  /** Raw `.dockerconfigjson` (decoded), if the caller had it instead of hosts. */
  dockerConfigJson?: string;
}

/** @public */
export interface K8sPolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs?: string[];
}

/** Role or ClusterRole. @public */
export interface K8sRole {
  metadata?: K8sObjectMeta;
  rules?: K8sPolicyRule[];
}

/** RoleBinding or ClusterRoleBinding. @public */
export interface K8sRoleBinding {
  metadata?: K8sObjectMeta;
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
  subjects?: Array<{ kind?: string; name?: string; namespace?: string }>;
}

/** External Secrets Operator `ExternalSecret` (external-secrets.io/v1). @public */
export interface ExternalSecret {
  metadata?: K8sObjectMeta;
  spec?: {
    refreshInterval?: string;
    target?: { name?: string; template?: { type?: string } };
    dataFrom?: Array<{
      sourceRef?: {
        generatorRef?: { apiVersion?: string; kind?: string; name?: string };
      };
    }>;
  };
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
