// IRSA: the pod's own AWS SDK calls assume this role (EKS pod identity webhook).
const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
// IRSA for image pulls: read by the kubelet's ecr-credential-provider through
// service-account-token credential providers (KEP-4412). Without that node configuration the
// kubelet pulls with the node role whatever the ServiceAccount says, so it is only written for
// clusters that pull with service-account tokens.
const ECR_ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/ecr-role-arn';
const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** The ServiceAccount annotated for IRSA and a Deployment that runs as it. */
export function irsaManifests(service: {
  name: string;
  namespace: string;
  serviceAccountName: string;
  image: string;
  roleArn: string;
  imagePullAuth: 'node-role' | 'service-account-token';
  replicas: number;
}) {
  const { name, namespace, serviceAccountName, image, roleArn } = service;
  const annotations: Record<string, string> = {
    [ROLE_ARN_ANNOTATION]: roleArn,
  };
  if (service.imagePullAuth === 'service-account-token') {
    annotations[ECR_ROLE_ARN_ANNOTATION] = roleArn;
  }
  const labels = {
    [KUBERNETES_ID_LABEL]: name,
    'app.kubernetes.io/name': name,
  };
  const serviceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: serviceAccountName, namespace, labels, annotations },
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: service.replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels },
        // No imagePullSecrets: pulls authenticate through the node role or, on clusters
        // with service-account-token providers, the ServiceAccount's ecr-role-arn.
        spec: {
          serviceAccountName,
          containers: [{ name, image }],
        },
      },
    },
  };
  return { serviceAccount, deployment };
}
