import { parse as parseYaml } from 'yaml';
import { SimulatedCluster } from './cluster';
import { strategicMergePatch } from './patch';
import { apiVersionOf, ResourceType } from './resources';
import { statusErrors } from './status';
import { K8sObject, ManagedFieldsEntry } from './types';
import { validateLabels, validateName } from './validation';

/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`), reduced to
 * what clients of the sandbox rely on: a field manager is required, a missing
 * object is created, the applied configuration is merged in, and changing a
 * field another manager owns is a 409 conflict unless `force=true`. Fields the
 * manager stops applying are not removed (the real API server would).
 */
interface ApplyRequest {
  cluster: SimulatedCluster;
  type: ResourceType;
  namespace?: string;
  name: string;
  body: string;
  fieldManager?: string;
  force: boolean;
}

function parseApplied(request: ApplyRequest): K8sObject {
  let applied: K8sObject;
  try {
    applied = parseYaml(request.body);
  } catch (error) {
    throw statusErrors.badRequest(
      `error decoding YAML: ${(error as Error).message}`,
    );
  }
  if (!applied || typeof applied.metadata !== 'object') {
    throw statusErrors.badRequest(
      'the body of the request was in an unknown format',
    );
  }
  const { type, name } = request;
  if (applied.apiVersion !== apiVersionOf(type) || applied.kind !== type.kind) {
    throw statusErrors.badRequest(
      `the apiVersion and kind of the body (${applied.apiVersion}, ${
        applied.kind
      }) do not match the request (${apiVersionOf(type)}, ${type.kind})`,
    );
  }
  if (applied.metadata.name !== name) {
    throw statusErrors.badRequest(
      `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  return applied;
}

/** Leaf paths of an object (lists are leaves), as FieldsV1 keys: `['f:metadata', 'f:annotations', 'f:x']`. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return [prefix];
  return Object.entries(value).flatMap(([field, child]) =>
    leafPaths(child, [...prefix, `f:${field}`]),
  );
}

function owns(entry: ManagedFieldsEntry, path: string[]): boolean {
  let node: unknown = entry.fieldsV1;
  for (const part of path) {
    node = (node as Record<string, unknown> | undefined)?.[part];
    if (node === undefined) return false;
  }
  return true;
}

function valueAt(object: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (node, part) =>
      (node as Record<string, unknown> | undefined)?.[part.slice(2)],
    object,
  );
}

function conflicts(
  existing: K8sObject,
  applied: K8sObject,
  manager: string,
): string[] {
  const { apiVersion: _a, kind: _k, ...config } = applied;
  const { name: _n, namespace: _ns, ...metadata } = config.metadata;
  const found: string[] = [];
  for (const path of leafPaths({ ...config, metadata })) {
    if (
      JSON.stringify(valueAt(existing, path)) ===
      JSON.stringify(valueAt(applied, path))
    )
      continue;
    for (const entry of existing.metadata.managedFields ?? []) {
      if (entry.manager !== manager && owns(entry, path)) {
        found.push(
          `conflict with "${entry.manager}" using ${entry.apiVersion}: .${path
            .map(p => p.slice(2))
            .join('.')}`,
        );
      }
    }
  }
  return found;
}

export function applyObject(request: ApplyRequest): {
  status: number;
  object: K8sObject;
} {
  const { cluster, type, namespace, name, fieldManager } = request;
  if (!fieldManager) {
    throw statusErrors.custom(
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  }
  const applied = parseApplied(request);
  validateName(type, name);
  validateLabels(type, name, applied.metadata.labels);
  const existing = cluster.store.get(type, namespace, name);
  const now = cluster.clock();
  if (!existing) {
    const created = cluster.store.insert(
      type,
      { ...applied, metadata: { ...applied.metadata, namespace } },
      fieldManager,
      now,
    );
    created.metadata.managedFields![0].operation = 'Apply';
    return { status: 201, object: created };
  }
  const found = request.force ? [] : conflicts(existing, applied, fieldManager);
  if (found.length > 0) {
    throw statusErrors.applyConflicts(found);
  }
  const next = strategicMergePatch(existing, applied) as K8sObject;
  return {
    status: 200,
    object: cluster.store.replace(
      type,
      existing,
      next,
      fieldManager,
      now,
      'Apply',
    ),
  };
}
