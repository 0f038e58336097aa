/*
 * Reading Kubernetes objects as untrusted JSON. The engine takes the items of
 * LISTs as they arrive (no structural types: any field may be absent or of
 * another type), and checks each value with these helpers before using it.
 */

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
function asStringMap(value: unknown): Record<string, string> {
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

/**
 * The pod spec of a workload: `spec.template.spec` of a Deployment, StatefulSet, DaemonSet or
 * Job, `spec.jobTemplate.spec.template.spec` of a CronJob. @internal
 */
export function podSpecOf(
  kind: string,
  workload: unknown,
): Record<string, unknown> | undefined {
  let spec = asRecord(asRecord(workload)?.spec);
  if (kind === 'CronJob') spec = asRecord(asRecord(spec?.jobTemplate)?.spec);
  return asRecord(asRecord(spec?.template)?.spec);
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
function namespaceIndex(list: unknown[] | undefined): NamespaceIndex {
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
