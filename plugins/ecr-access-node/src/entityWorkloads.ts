import { asArray, metaOf } from './k8sJson';
import { withRolloutTemplates } from './rolloutTemplates';
import { ClusterSnapshot, EntitySelector } from './snapshot';
import { entityKeys, workloadLabelSets } from './workloadIdentity';
import { WORKLOAD_LISTS } from './workloadLists';

/**
 * The snapshot with only the workloads that belong to one entity, as the engine maps them
 * (the Kubernetes plugin's rule: the entity's label selector, else its kubernetes-id, on a
 * workload's own labels or its pod template's, in the entity's namespace when it names one).
 * The on-demand refresh lists a namespace's workloads whole, because a LIST's label selector
 * sees only an object's own labels, and keeps these.
 *
 * @public
 */
export function entityWorkloadsOf(
  snapshot: Partial<ClusterSnapshot>,
  selector: EntitySelector,
): Partial<ClusterSnapshot> {
  const matcher = { entities: [selector] } as unknown as ClusterSnapshot;
  // A Rollout that references a Deployment runs that Deployment's pod template.
  const templated = withRolloutTemplates(snapshot as ClusterSnapshot);
  const out: Partial<ClusterSnapshot> = { ...snapshot };
  for (const [kind, key] of WORKLOAD_LISTS) {
    const list = snapshot[key];
    if (!Array.isArray(list)) continue;
    const read = asArray(templated[key]);
    (out as Record<string, unknown>)[key] = list.filter((workload, i) => {
      const namespace = metaOf(workload).namespace ?? 'default';
      const labels = workloadLabelSets(kind, read[i] ?? workload);
      return entityKeys(matcher, namespace, labels).length > 0;
    });
  }
  return out;
}
