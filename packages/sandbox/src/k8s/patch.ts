/**
 * The three patch types of the API server's PATCH verb:
 * - JSON merge patch (RFC 7386, `application/merge-patch+json`);
 * - strategic merge patch (`application/strategic-merge-patch+json`): like a
 *   merge patch, but lists with a patch merge key (containers by `name`,
 *   imagePullSecrets by `name`, …) are merged item by item, and `$patch`
 *   directives replace or delete (k8s.io/apimachinery strategicpatch);
 * - JSON patch (RFC 6902, `application/json-patch+json`).
 */
type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) {
    return patch;
  }
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergePatch(result[key], value);
    }
  }
  return result;
}

/** Patch merge keys of the list fields the sandbox's kinds carry (from the OpenAPI `x-kubernetes-patch-merge-key`). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  secrets: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
};
/** Primitive lists merged as sets. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) {
    return patch;
  }
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return rest;
  }
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) {
      continue;
    }
    if (value === null || (isObject(value) && value.$patch === 'delete')) {
      delete result[key];
    } else if (
      Array.isArray(value) &&
      MERGE_KEYS[key] &&
      Array.isArray(result[key])
    ) {
      result[key] = mergeList(result[key] as Json[], value, MERGE_KEYS[key]);
    } else if (
      Array.isArray(value) &&
      MERGED_PRIMITIVE_LISTS.has(key) &&
      Array.isArray(result[key])
    ) {
      result[key] = [...new Set([...(result[key] as Json[]), ...value])];
    } else {
      result[key] = strategicMergePatch(result[key], value);
    }
  }
  return result;
}

function mergeList(current: Json[], patch: Json[], mergeKey: string): Json[] {
  const result = [...current];
  for (const item of patch) {
    if (!isObject(item)) {
      continue;
    }
    const index = result.findIndex(
      existing => isObject(existing) && existing[mergeKey] === item[mergeKey],
    );
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMergePatch(result[index], item);
    } else {
      result.push(item);
    }
  }
  return result;
}

export class JsonPatchError extends Error {}

interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test' | 'move' | 'copy';
  path: string;
  value?: Json;
  from?: string;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new JsonPatchError(`invalid JSON pointer "${pointer}"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: Json, parts: string[]): Json {
  let node = doc;
  for (const part of parts) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node)) node = node[part];
    else return undefined;
  }
  return node;
}

function applyOne(doc: Json, operation: JsonPatchOperation): Json {
  const parts = parsePointer(operation.path);
  if (operation.op === 'test') {
    if (JSON.stringify(getAt(doc, parts)) !== JSON.stringify(operation.value)) {
      throw new JsonPatchError(`testing value ${operation.path} failed`);
    }
    return doc;
  }
  if (operation.op === 'move' || operation.op === 'copy') {
    const fromParts = parsePointer(operation.from ?? '');
    const value = structuredClone(getAt(doc, fromParts));
    const base =
      operation.op === 'move'
        ? applyOne(doc, { op: 'remove', path: operation.from ?? '' })
        : doc;
    return applyOne(base, { op: 'add', path: operation.path, value });
  }
  if (parts.length === 0) {
    return operation.op === 'remove' ? null : operation.value;
  }
  const parent = getAt(doc, parts.slice(0, -1));
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (operation.op === 'add') parent.splice(index, 0, operation.value);
    else if (index >= parent.length)
      throw new JsonPatchError(
        `index ${last} out of range in ${operation.path}`,
      );
    else if (operation.op === 'remove') parent.splice(index, 1);
    else parent[index] = operation.value;
  } else if (isObject(parent)) {
    if (operation.op !== 'add' && !(last in parent)) {
      // Same wording as evanphx/json-patch, which the API server uses.
      throw new JsonPatchError(`missing path: ${operation.path}`);
    }
    if (operation.op === 'remove') delete parent[last];
    else parent[last] = operation.value;
  } else {
    throw new JsonPatchError(
      `doc is missing path: "${operation.path}": missing value`,
    );
  }
  return doc;
}

export function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations)) {
    throw new JsonPatchError('json patch must be an array of operations');
  }
  let doc = structuredClone(target);
  for (const operation of operations as JsonPatchOperation[]) {
    doc = applyOne(doc, operation);
  }
  return doc;
}
