import type { Entity } from '@backstage/catalog-model';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';
const LABEL_SELECTOR = 'backstage.io/kubernetes-label-selector';
const NAMESPACE = 'backstage.io/kubernetes-namespace';

/**
 * The label selector the audit looks for the entity's workloads with, as the Kubernetes
 * plugin's annotations define it ("backstage.io/kubernetes-id=payments-api", or the
 * annotation's selector), and the namespace it is limited to; undefined without either
 * annotation (the audit does not look for such an entity at all).
 */
export function searchedSelector(
  entity: Entity,
): { selector: string; namespace?: string } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[NAMESPACE] || undefined;
  if (annotations[LABEL_SELECTOR]) {
    return { selector: annotations[LABEL_SELECTOR], namespace };
  }
  if (annotations[KUBERNETES_ID]) {
    return {
      selector: `${KUBERNETES_ID}=${annotations[KUBERNETES_ID]}`,
      namespace,
    };
  }
  return undefined;
}
