import type { V1ObjectMeta } from '@kubernetes/client-node';

/**
 * The tool that manages a ServiceAccount, when it is not ours to patch freely: Helm marks its
 * objects `app.kubernetes.io/managed-by: Helm` (and `meta.helm.sh/*` annotations) and would
 * revert a patch on its next upgrade; eksctl marks the ServiceAccounts of its `iamserviceaccount`
 * stacks with `alpha.eksctl.io/*` labels, and owns their role annotation.
 */
export function foreignManager(
  metadata: V1ObjectMeta | undefined,
): string | undefined {
  const labels = metadata?.labels ?? {};
  const annotations = metadata?.annotations ?? {};
  const managedBy = labels['app.kubernetes.io/managed-by'];
  if (
    managedBy?.toLowerCase() === 'helm' ||
    Object.keys(annotations).some(k => k.startsWith('meta.helm.sh/'))
  ) {
    return 'Helm (app.kubernetes.io/managed-by=Helm or meta.helm.sh annotations)';
  }
  const eksctlKey = [...Object.keys(labels), ...Object.keys(annotations)].find(
    k => k.startsWith('alpha.eksctl.io/'),
  );
  if (eksctlKey || managedBy?.toLowerCase() === 'eksctl') {
    return `eksctl (${eksctlKey ?? 'app.kubernetes.io/managed-by=eksctl'})`;
  }
  return undefined;
}
