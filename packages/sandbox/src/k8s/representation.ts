import { Page } from './pagination';
import { apiVersionOf, ResourceType } from './resources';
import { K8sObject } from './types';

/**
 * The response forms a client can ask for in `Accept` (apiserver
 * `negotiation`): the full object, metadata only
 * (`application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1`, which
 * never carries a Secret's data), or a Table for kubectl's printers.
 */
type Representation = 'full' | 'metadata' | 'table';

export function negotiate(accept: string | undefined): Representation {
  for (const mediaType of (accept ?? '').split(',')) {
    const params = mediaType.split(';').map(p => p.trim());
    const as = params.find(p => p.startsWith('as='))?.slice(3);
    const group = params.find(p => p.startsWith('g='))?.slice(2);
    if (
      group === 'meta.k8s.io' &&
      (as === 'PartialObjectMetadataList' || as === 'PartialObjectMetadata')
    ) {
      return 'metadata';
    }
    if (group === 'meta.k8s.io' && as === 'Table') {
      return 'table';
    }
    if (!as) {
      return 'full';
    }
  }
  return 'full';
}

function partial(object: K8sObject) {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: object.metadata,
  };
}

function listMetadata(page: Page) {
  return {
    resourceVersion: page.resourceVersion,
    ...(page.continueToken ? { continue: page.continueToken } : {}),
    ...(page.remainingItemCount !== undefined
      ? { remainingItemCount: page.remainingItemCount }
      : {}),
  };
}

export function renderList(
  type: ResourceType,
  page: Page,
  representation: Representation,
  now: Date,
): unknown {
  if (representation === 'metadata') {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: listMetadata(page),
      items: page.items.map(partial),
    };
  }
  if (representation === 'table') {
    return table(page.items, listMetadata(page), now);
  }
  return {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata: listMetadata(page),
    // The API server leaves kind and apiVersion out of list items.
    items: page.items.map(({ kind: _k, apiVersion: _a, ...item }) => item),
  };
}

export function renderObject(
  type: ResourceType,
  object: K8sObject,
  representation: Representation,
  now: Date,
): unknown {
  if (representation === 'metadata') return partial(object);
  if (representation === 'table')
    return table(
      [object],
      { resourceVersion: object.metadata.resourceVersion },
      now,
    );
  // The version asked for, for kinds served at several (ExternalSecret v1 and v1beta1).
  return { ...object, apiVersion: apiVersionOf(type) };
}

function age(created: string | undefined, now: Date): string {
  if (!created) return '<unknown>';
  const seconds = Math.max(0, (now.getTime() - Date.parse(created)) / 1000);
  if (seconds < 120) return `${Math.floor(seconds)}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

function table(
  items: K8sObject[],
  metadata: Record<string, unknown>,
  now: Date,
) {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: [
      {
        name: 'Name',
        type: 'string',
        format: 'name',
        description: 'Name of the object',
        priority: 0,
      },
      {
        name: 'Age',
        type: 'string',
        format: '',
        description: 'Time since creation',
        priority: 0,
      },
    ],
    rows: items.map(item => ({
      cells: [item.metadata.name, age(item.metadata.creationTimestamp, now)],
      object: partial(item),
    })),
  };
}
