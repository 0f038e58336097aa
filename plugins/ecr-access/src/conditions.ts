import type { Entity } from '@backstage/catalog-model';

/**
 * The Kubernetes plugin's annotations that tie an entity to its workloads. ecr-access uses the
 * same ones, so an entity set up for the Kubernetes tab needs nothing more.
 *
 * @public
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/**
 * The Kubernetes plugin's annotation that selects an entity's workloads by label.
 *
 * @public
 */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/**
 * Whether the ecr-access card has anything to show for this entity: only entities that name
 * their workloads through the Kubernetes plugin's annotations are audited.
 *
 * @public
 */
export function isEcrAccessAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION]?.trim() ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim(),
  );
}
