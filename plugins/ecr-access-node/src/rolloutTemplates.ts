import { asRecord, asString, findNamed, metaOf } from './k8sJson';
import type { ClusterSnapshot } from './snapshot';

/**
 * The Deployment a Rollout's `spec.workloadRef` names, in the Rollout's namespace. Argo
 * Rollouts takes the pod template from it instead of `spec.template` (its "Migrating to
 * Rollouts" guide: the Deployment is kept, often scaled to zero, and the Rollout references it).
 */
function referencedDeployment(
  snapshot: ClusterSnapshot,
  rollout: unknown,
): unknown {
  const spec = asRecord(asRecord(rollout)?.spec);
  const ref = asRecord(spec?.workloadRef);
  const name = asString(ref?.name);
  if (!ref || !name || (ref.kind ?? 'Deployment') !== 'Deployment') {
    return undefined;
  }
  return findNamed(
    snapshot.deployments,
    metaOf(rollout).namespace ?? 'default',
    name,
  );
}

/**
 * The snapshot with each Rollout that references a Deployment (`spec.workloadRef`) given that
 * Deployment's pod template as its own `spec.template`, so that every reader of pod templates
 * reads a Rollout like a Deployment. A Rollout whose Deployment was not read keeps no template:
 * its containers are unknown (INPUT_MALFORMED, "no pod template containers"), never healthy.
 * Pure; the snapshot given is not changed.
 *
 * @internal
 */
export function withRolloutTemplates(
  snapshot: ClusterSnapshot,
): ClusterSnapshot {
  // Untrusted input: the classifier never throws on a malformed snapshot.
  const listed = asRecord(snapshot)?.rollouts;
  if (!Array.isArray(listed)) return snapshot;
  const rollouts = listed.map(rollout => {
    const spec = asRecord(asRecord(rollout)?.spec);
    if (!spec?.workloadRef) return rollout;
    const deployment = referencedDeployment(snapshot, rollout);
    const template = asRecord(asRecord(asRecord(deployment)?.spec)?.template);
    // The Rollout's own template is not used while it references a Deployment.
    const rest = { ...spec };
    delete rest.template;
    return {
      ...asRecord(rollout),
      spec: template ? { ...rest, template } : rest,
    };
  });
  return { ...snapshot, rollouts };
}
