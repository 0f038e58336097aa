import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { createFinding, Finding } from '@ecr-access/plugin-ecr-access-common';
import {
  EntitySelector,
  labelSelectorProblem,
} from '@ecr-access/plugin-ecr-access-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AuditedEntity } from '../database';

// The Kubernetes plugin's annotations: an entity set up for its Kubernetes tab is audited.
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/** A catalog entity the audit covers, with the selector that finds its workloads. */
export interface CatalogEntity extends AuditedEntity {
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

/** `spec.owner` as a full ref (`team-a` → `group:default/team-a`), so filters compare refs. */
function ownerRef(owner: unknown, namespace: string): string | undefined {
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    );
  } catch {
    return undefined;
  }
}

const MAX_QUOTED = 200;

/**
 * INPUT_MALFORMED for a label selector annotation that cannot be parsed: it matches no
 * workload, and "no workloads found" would read as healthy.
 */
export function selectorFindings(labelSelector?: string): Finding[] {
  const problem =
    labelSelector === undefined
      ? undefined
      : labelSelectorProblem(labelSelector);
  if (problem === undefined) return [];
  const quoted =
    labelSelector!.length > MAX_QUOTED
      ? `${labelSelector!.slice(0, MAX_QUOTED)}…`
      : labelSelector;
  return [
    createFinding(
      'INPUT_MALFORMED',
      `annotation ${KUBERNETES_LABEL_SELECTOR}`,
      `The annotation ${KUBERNETES_LABEL_SELECTOR} '${quoted}' cannot be parsed: ${problem}. No workload can be matched to the entity until it is fixed, so its workloads are unknown.`,
    ),
  ];
}

/** Whether the entity's workloads cannot be looked up: its label selector is unparsable. */
export function hasMalformedSelector(entity: CatalogEntity): boolean {
  return (entity.inputFindings ?? []).some(f => f.code === 'INPUT_MALFORMED');
}

/** The audit's view of a catalog entity. */
export function toCatalogEntity(entity: Entity): CatalogEntity {
  const annotations = entity.metadata.annotations ?? {};
  const entityRef = stringifyEntityRef(entity);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  const labelSelector =
    annotations[KUBERNETES_LABEL_SELECTOR]?.trim() || undefined;
  // A present but blank annotation is unparsable too (the trim above would hide it).
  const inputFindings = selectorFindings(
    annotations[KUBERNETES_LABEL_SELECTOR] !== undefined &&
      !annotations[KUBERNETES_ID]?.trim()
      ? annotations[KUBERNETES_LABEL_SELECTOR]
      : labelSelector,
  );
  return {
    entityRef,
    kind,
    namespace,
    name,
    title: entity.metadata.title,
    owner: ownerRef(owner, namespace),
    ...(inputFindings.length ? { inputFindings } : {}),
    selector: {
      entityRef,
      kubernetesId: annotations[KUBERNETES_ID]?.trim() || undefined,
      labelSelector,
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
): Promise<CatalogEntity[]> {
  const entities: CatalogEntity[] = [];
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
      const audited = toCatalogEntity(entity);
      if (
        audited.selector.kubernetesId ||
        audited.selector.labelSelector ||
        audited.inputFindings
      ) {
        entities.push(audited);
      }
    }
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return entities;
}
