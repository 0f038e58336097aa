import type {
  ClusterSnapshot,
  EntitySelector,
} from '@ecr-access/plugin-ecr-access-node';
import { CatalogEntity, hasMalformedSelector } from '../catalogEntities';
import { relevantSelectors } from './relevantSelectors';

/**
 * What one run of the pipeline covers on one cluster: the only difference between the
 * scheduled audit and the on-demand refresh.
 * - `cluster`: the scheduled audit. Every audited catalog entity; the whole cluster is read
 *   (a fixed number of LISTs), and what it does not list is gone from the cluster.
 * - `entity`: a refresh. One entity; its workloads are read by label selector, with what they
 *   use (a handful of requests), and only its rows are written.
 */
export type AuditScope =
  | { kind: 'cluster'; entities: CatalogEntity[] }
  | {
      kind: 'entity';
      entity: CatalogEntity;
      /**
       * By cluster, the namespaces where the last audit found the entity's workloads: read
       * again whole, so that a refresh keeps one its label selector cannot list (labelled only
       * in its pod template).
       */
      knownNamespaces?: Record<string, string[]>;
    };

export function clusterScope(entities: CatalogEntity[]): AuditScope {
  return { kind: 'cluster', entities };
}

export function entityScope(
  entity: CatalogEntity,
  knownNamespaces?: Record<string, string[]>,
): AuditScope {
  return { kind: 'entity', entity, knownNamespaces };
}

/** The entities the run writes a status for. */
export function scopeEntities(scope: AuditScope): CatalogEntity[] {
  return scope.kind === 'cluster' ? scope.entities : [scope.entity];
}

/** A refresh's write leaves the cluster's other rows alone. */
export function isPartial(scope: AuditScope): boolean {
  return scope.kind === 'entity';
}

/**
 * Nothing to ask the cluster: a refresh of an entity whose label selector cannot be parsed
 * matches nothing. Its write still keeps the entity's INPUT_MALFORMED finding.
 */
export function nothingToRead(scope: AuditScope): boolean {
  return scope.kind === 'entity' && hasMalformedSelector(scope.entity);
}

/**
 * The selectors the engine matches workloads against: a refresh's one entity, or those of
 * the catalog that can match something on this cluster ({@link relevantSelectors}).
 */
export function selectorsFor(
  scope: AuditScope,
  snapshot: ClusterSnapshot,
): EntitySelector[] {
  return scope.kind === 'entity'
    ? [scope.entity.selector]
    : relevantSelectors(
        snapshot,
        scope.entities.map(e => e.selector),
      );
}

/**
 * Whose workloads the AWS stage reads facts for: a refresh's one entity (its collection also
 * holds the namespace's other workloads, read as possible refreshers of its pull secrets),
 * or, for the cluster, every workload (each is classified and counted in the run).
 */
export function awsFactsScope(scope: AuditScope): {
  entities?: EntitySelector[];
} {
  return scope.kind === 'entity' ? { entities: [scope.entity.selector] } : {};
}
