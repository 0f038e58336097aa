import type { ServiceAccountSpec } from './serviceAccount';

/** IRSA: the pod's own AWS SDK calls assume this role (EKS pod identity webhook). */
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
/**
 * IRSA for image pulls: read by the kubelet's ecr-credential-provider through
 * service-account-token credential providers (KEP-4412). On node-role clusters the kubelet pulls
 * with the node role whatever the ServiceAccount says, so it is only written where it works.
 */
const ECR_ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/ecr-role-arn';
/** The Kubernetes plugin's label, by which the backend maps objects to entities. */
const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/**
 * The ServiceAccount of an IRSA role on a cluster that pulls with `imagePullAuth`.
 */
export function irsaServiceAccountSpec(opts: {
  namespace: string;
  name: string;
  roleArn: string;
  imagePullAuth: 'node-role' | 'service-account-token';
  kubernetesId: string;
}): ServiceAccountSpec {
  return {
    namespace: opts.namespace,
    name: opts.name,
    labels: { [KUBERNETES_ID_LABEL]: opts.kubernetesId },
    annotations: {
      [ROLE_ARN_ANNOTATION]: opts.roleArn,
      ...(opts.imagePullAuth === 'service-account-token' && {
        [ECR_ROLE_ARN_ANNOTATION]: opts.roleArn,
      }),
    },
  };
}

/** The kubernetes-id: given, else the entity's name, else the ServiceAccount's. */
export function kubernetesIdFor(opts: {
  kubernetesId?: string;
  entityRef?: string;
  serviceAccountName: string;
}): string {
  if (opts.kubernetesId) return opts.kubernetesId;
  const entityName = opts.entityRef?.split('/').pop()?.split(':').pop();
  return entityName && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(entityName)
    ? entityName
    : opts.serviceAccountName;
}
