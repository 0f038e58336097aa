import { randomUUID } from 'node:crypto';
import { k8sTime } from '../time';
import { apiVersionOf, ResourceType } from './resources';
import { K8sObject, ManagedFieldsEntry } from './types';

/**
 * The objects of one simulated cluster. Like etcd behind the API server, every
 * write bumps one cluster-wide revision that becomes the object's
 * `resourceVersion`; lists report the revision they were read at.
 */
export class ObjectStore {
  private readonly byPlural = new Map<string, Map<string, K8sObject>>();
  private readonly sorted = new Map<string, K8sObject[]>();
  private revision = 1000;
  /** Continue tokens older than this revision answer 410 Gone (etcd compaction). */
  compactedRevision = 0;

  get currentRevision(): number {
    return this.revision;
  }

  /** Objects of a type, sorted by `<namespace>/<name>` (the etcd key order lists use). */
  list(type: ResourceType, namespace?: string): K8sObject[] {
    let sorted = this.sorted.get(type.plural);
    if (!sorted) {
      // Kept until the next write of this type: benchmarks page through large lists.
      sorted = [...(this.byPlural.get(type.plural)?.values() ?? [])].sort(
        (a, b) => (storeKey(a) < storeKey(b) ? -1 : 1),
      );
      this.sorted.set(type.plural, sorted);
    }
    return namespace === undefined
      ? sorted
      : sorted.filter(o => o.metadata.namespace === namespace);
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): K8sObject | undefined {
    return this.byPlural.get(type.plural)?.get(key(namespace, name));
  }

  /** Inserts a new object, filling the fields the API server owns. */
  insert(
    type: ResourceType,
    object: K8sObject,
    manager: string,
    at: Date,
  ): K8sObject {
    const stored: K8sObject = {
      ...object,
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      metadata: {
        ...object.metadata,
        uid: randomUUID(),
        resourceVersion: String(++this.revision),
        creationTimestamp: object.metadata.creationTimestamp ?? k8sTime(at),
        managedFields: object.metadata.managedFields ?? [
          managedEntry(type, manager, at, object),
        ],
      },
    };
    if ('spec' in stored && stored.metadata.generation === undefined) {
      stored.metadata.generation = 1;
    }
    this.bucket(type).set(storeKey(stored), stored);
    return stored;
  }

  /**
   * Replaces an existing object after a patch, update or apply by `manager`,
   * who then owns the fields it changed on top of those it owned before.
   */
  replace(
    type: ResourceType,
    previous: K8sObject,
    next: K8sObject,
    manager: string,
    at: Date,
    operation: ManagedFieldsEntry['operation'] = 'Update',
  ): K8sObject {
    const specChanged =
      JSON.stringify(previous.spec) !== JSON.stringify(next.spec);
    const fields = previous.metadata.managedFields ?? [];
    const mine = fields.find(
      e => e.manager === manager && e.operation === operation,
    );
    const others = fields.filter(e => e !== mine);
    const entry = managedEntry(
      type,
      manager,
      at,
      changedFields(previous, next),
      operation,
    );
    entry.fieldsV1 = mergeFields(mine?.fieldsV1 ?? {}, entry.fieldsV1);
    const stored: K8sObject = {
      ...next,
      apiVersion: previous.apiVersion,
      kind: previous.kind,
      metadata: {
        ...next.metadata,
        // Fields the client cannot change: the API server keeps its own values.
        name: previous.metadata.name,
        namespace: previous.metadata.namespace,
        uid: previous.metadata.uid,
        creationTimestamp: previous.metadata.creationTimestamp,
        resourceVersion: String(++this.revision),
        managedFields: [...others, entry],
      },
    };
    if (previous.metadata.generation !== undefined) {
      stored.metadata.generation =
        previous.metadata.generation + (specChanged ? 1 : 0);
    }
    this.bucket(type).set(storeKey(stored), stored);
    return stored;
  }

  remove(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): K8sObject | undefined {
    const bucket = this.bucket(type);
    const existing = bucket.get(key(namespace, name));
    if (existing) {
      bucket.delete(key(namespace, name));
      this.revision++;
    }
    return existing;
  }

  /** Simulates etcd compaction: every continue token issued so far expires. */
  compact(): void {
    this.compactedRevision = ++this.revision;
  }

  private bucket(type: ResourceType): Map<string, K8sObject> {
    this.sorted.delete(type.plural); // every caller is about to write
    let bucket = this.byPlural.get(type.plural);
    if (!bucket) {
      bucket = new Map();
      this.byPlural.set(type.plural, bucket);
    }
    return bucket;
  }
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function storeKey(object: K8sObject): string {
  return key(object.metadata.namespace, object.metadata.name ?? '');
}

/**
 * A managedFields entry as server-side field tracking records it: the manager,
 * the time of its last write and the set of fields it wrote (FieldsV1).
 */
export function managedEntry(
  type: ResourceType,
  manager: string,
  at: Date,
  written: K8sObject,
  operation: ManagedFieldsEntry['operation'] = 'Update',
): ManagedFieldsEntry {
  const { apiVersion: _a, kind: _k, metadata, ...rest } = written;
  const { labels, annotations } = metadata ?? {};
  const { '.': _root, ...fields } = toFieldsV1({
    ...rest,
    metadata: { labels, annotations },
  }) as Record<string, unknown>;
  return {
    manager,
    operation,
    apiVersion: apiVersionOf(type),
    time: k8sTime(at),
    fieldsType: 'FieldsV1',
    fieldsV1: fields as Record<string, unknown>,
  };
}

function toFieldsV1(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [field, child] of Object.entries(value)) {
    if (child !== undefined) {
      out[`f:${field}`] = toFieldsV1(child);
    }
  }
  return Object.keys(out).length > 0 ? { '.': {}, ...out } : {};
}

/** The parts of `next` that differ from `previous` (lists compare whole), as an object of the same shape. */
function changedFields(previous: unknown, next: unknown): K8sObject {
  const { apiVersion: _a, kind: _k, ...rest } = next as K8sObject;
  return (diff(previous, rest) ?? { metadata: {} }) as K8sObject;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function diff(previous: unknown, next: unknown): unknown {
  if (isPlainObject(next)) {
    const before = isPlainObject(previous) ? previous : {};
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(next)) {
      const changed = diff(before[field], value);
      if (changed !== undefined) out[field] = changed;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return JSON.stringify(previous) === JSON.stringify(next) ? undefined : next;
}

function mergeFields(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [field, value] of Object.entries(b)) {
    out[field] =
      isPlainObject(out[field]) && isPlainObject(value)
        ? mergeFields(out[field] as Record<string, unknown>, value)
        : value;
  }
  return out;
}
