import { irsaServiceAccountSpec } from '../kubernetes/irsaServiceAccount';

/**
 * The ServiceAccount annotated for IRSA and a Deployment that runs as it. The ServiceAccount
 * carries what `ecr-access:serviceaccount:apply` would write (one definition of the
 * annotations and of where ecr-role-arn belongs), plus the app label the Deployment selects by.
 */
export function irsaManifests(service: {
  name: string;
  namespace: string;
  serviceAccountName: string;
  image: string;
  roleArn: string;
  imagePullAuth: 'node-role' | 'service-account-token';
  replicas: number;
}) {
  const { name, namespace, serviceAccountName, image } = service;
  const { labels: idLabels, annotations } = irsaServiceAccountSpec({
    namespace,
    name: serviceAccountName,
    roleArn: service.roleArn,
    imagePullAuth: service.imagePullAuth,
    kubernetesId: name,
  });
  const labels = { ...idLabels, 'app.kubernetes.io/name': name };
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
