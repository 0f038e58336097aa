import { SimulatedCluster } from './cluster';
import { paginate, Page } from './pagination';
import {
  jsonPatch,
  JsonPatchError,
  mergePatch,
  strategicMergePatch,
} from './patch';
import { ResourceType, resourceTypeOfKind } from './resources';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors';
import { statusErrors, successStatus } from './status';
import { K8sObject } from './types';
import { validateLabels, validateName } from './validation';

/** The verbs of the API server on one resource type, against the cluster's store. */
interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

export function listObjects(
  cluster: SimulatedCluster,
  type: ResourceType,
  namespace: string | undefined,
  query: ListQuery,
): Page {
  let labels;
  let fields;
  try {
    labels = query.labelSelector ? parseLabelSelector(query.labelSelector) : [];
    fields = query.fieldSelector
      ? parseFieldSelector(query.fieldSelector, type.kind)
      : [];
  } catch (error) {
    if (error instanceof SelectorError)
      throw statusErrors.badRequest(error.message);
    throw error;
  }
  const selected = cluster.store
    .list(type, namespace)
    .filter(
      o => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o),
    );
  return paginate(selected, {
    limit: query.limit,
    continueToken: query.continueToken,
    currentRevision: cluster.store.currentRevision,
    compactedRevision: cluster.store.compactedRevision,
    selectorsUsed: labels.length + fields.length > 0,
  });
}

export function getObject(
  cluster: SimulatedCluster,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): K8sObject {
  const found = cluster.store.get(type, namespace, name);
  if (!found) throw statusErrors.notFound(type, name);
  return found;
}

function requireNamespace(
  cluster: SimulatedCluster,
  namespace: string | undefined,
) {
  if (
    namespace !== undefined &&
    !cluster.store.get(resourceTypeOfKind('Namespace'), undefined, namespace)
  ) {
    throw statusErrors.notFound(resourceTypeOfKind('Namespace'), namespace);
  }
}

export function createObject(
  cluster: SimulatedCluster,
  type: ResourceType,
  namespace: string | undefined,
  body: K8sObject,
  manager: string,
): K8sObject {
  if (!body || typeof body !== 'object' || typeof body.metadata !== 'object') {
    throw statusErrors.badRequest(
      'the body of the request was in an unknown format',
    );
  }
  let name = body.metadata.name;
  if (!name && body.metadata.generateName) {
    name = body.metadata.generateName + Math.random().toString(36).slice(2, 7);
  }
  if (!name) {
    throw statusErrors.invalid(
      type,
      '',
      'metadata.name',
      '',
      'name or generateName is required',
    );
  }
  validateName(type, name);
  validateLabels(type, name, body.metadata.labels);
  if (
    body.metadata.namespace &&
    namespace &&
    body.metadata.namespace !== namespace
  ) {
    throw statusErrors.badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  requireNamespace(cluster, namespace);
  if (cluster.store.get(type, namespace, name)) {
    throw statusErrors.alreadyExists(type, name);
  }
  const {
    uid: _u,
    resourceVersion: _r,
    creationTimestamp: _c,
    managedFields: _m,
    ...metadata
  } = body.metadata;
  return cluster.store.insert(
    type,
    { ...body, metadata: { ...metadata, name, namespace } },
    manager,
    cluster.clock(),
  );
}

export function replaceObject(
  cluster: SimulatedCluster,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  body: K8sObject,
  manager: string,
): K8sObject {
  const existing = getObject(cluster, type, namespace, name);
  if (body?.metadata?.name !== name) {
    throw statusErrors.badRequest(
      `the name of the object (${body?.metadata?.name}) does not match the name on the URL (${name})`,
    );
  }
  checkResourceVersion(type, existing, body.metadata.resourceVersion);
  validateLabels(type, name, body.metadata.labels);
  return cluster.store.replace(type, existing, body, manager, cluster.clock());
}

// Optimistic concurrency: a stale resourceVersion in the body is a 409 Conflict.
function checkResourceVersion(
  type: ResourceType,
  existing: K8sObject,
  sent: string | undefined,
) {
  if (sent && sent !== existing.metadata.resourceVersion) {
    throw statusErrors.conflict(type, existing.metadata.name ?? '');
  }
}

/**
 * The object a PATCH makes of `existing`, by the request's media type (JSON merge patch,
 * strategic merge patch or JSON patch); another media type is a 415 and a JSON patch that
 * does not apply a 422, as the API server answers.
 */
function patched(
  existing: K8sObject,
  patch: unknown,
  contentType: string,
): unknown {
  const mediaType = contentType.split(';')[0].trim();
  try {
    if (mediaType === 'application/merge-patch+json')
      return mergePatch(existing, patch);
    if (mediaType === 'application/strategic-merge-patch+json')
      return strategicMergePatch(existing, patch);
    if (mediaType === 'application/json-patch+json')
      return jsonPatch(existing, patch);
    throw statusErrors.unsupportedMediaType(mediaType);
  } catch (error) {
    if (error instanceof JsonPatchError) {
      throw statusErrors.custom(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: ${error.message}`,
      );
    }
    throw error;
  }
}

/** A PATCH body that is not JSON is a 400. */
function decodePatch(patchText: string): unknown {
  try {
    return JSON.parse(patchText);
  } catch (error) {
    throw statusErrors.badRequest(
      `error decoding patch: ${(error as Error).message}`,
    );
  }
}

export function patchObject(
  cluster: SimulatedCluster,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  patchText: string,
  contentType: string,
  manager: string,
): K8sObject {
  const existing = getObject(cluster, type, namespace, name);
  const patch = decodePatch(patchText);
  const next = patched(existing, patch, contentType);
  const object = next as K8sObject;
  if (!object || typeof object.metadata !== 'object') {
    throw statusErrors.custom(
      422,
      'Invalid',
      `${type.kind} "${name}" is invalid: metadata: Required value`,
    );
  }
  const patchMeta = (patch as { metadata?: { resourceVersion?: string } })
    ?.metadata;
  checkResourceVersion(
    type,
    existing,
    Array.isArray(patch) ? undefined : patchMeta?.resourceVersion,
  );
  validateLabels(type, name, object.metadata.labels);
  return cluster.store.replace(
    type,
    existing,
    object,
    manager,
    cluster.clock(),
  );
}

/** Core v1 kinds answer DELETE with the deleted object; the others with a Success Status. */
export function deleteObject(
  cluster: SimulatedCluster,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): unknown {
  // A missing object is the same 404 as for GET, so the lookup is GET's.
  const removed = getObject(cluster, type, namespace, name);
  cluster.store.remove(type, namespace, name);
  return type.group === ''
    ? removed
    : successStatus(type, name, removed.metadata.uid);
}
