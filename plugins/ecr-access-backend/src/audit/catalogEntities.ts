import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { EntitySelector } from '@ecr-access/plugin-ecr-access-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';

// The Kubernetes plugin's annotations: an entity set up for its Kubernetes tab is audited.
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/** A catalog entity the audit covers, with what the store and the audit page show of it. */
export interface AuditedEntity {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  owner?: string;
  selector: EntitySelector;
}

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
];

function toAuditedEntity(entity: Entity): AuditedEntity {
  const annotations = entity.metadata.annotations ?? {};
  const entityRef = stringifyEntityRef(entity);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  return {
    entityRef,
    kind,
    namespace,
    name,
    title: entity.metadata.title,
    owner: typeof owner === 'string' ? owner : undefined,
    selector: {
      entityRef,
      kubernetesId: annotations[KUBERNETES_ID]?.trim() || undefined,
      labelSelector:
        annotations[KUBERNETES_LABEL_SELECTOR]?.trim() || undefined,
      namespace: annotations[KUBERNETES_NAMESPACE]?.trim() || undefined,
    },
  };
}

/**
 * Every entity with one of the Kubernetes plugin's selector annotations, read page by page
 * with only the fields the audit uses, so that a 50,000-entity catalog costs a few hundred
 * small pages rather than full entity bodies.
 */
export async function readAuditedEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  pageSize = 500,
): Promise<AuditedEntity[]> {
  const entities: AuditedEntity[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: pageSize, fields: FIELDS }
        : {
            filter: [
              {
                [`metadata.annotations.${KUBERNETES_ID}`]:
                  CATALOG_FILTER_EXISTS,
              },
              {
                [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR}`]:
                  CATALOG_FILTER_EXISTS,
              },
            ],
            fields: FIELDS,
            limit: pageSize,
          },
      { credentials },
    );
    for (const entity of page.items) {
      const audited = toAuditedEntity(entity);
      if (audited.selector.kubernetesId || audited.selector.labelSelector) {
        entities.push(audited);
      }
    }
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return entities;
}
