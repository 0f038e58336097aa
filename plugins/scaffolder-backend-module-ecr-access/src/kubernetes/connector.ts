import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ClusterEndpointResolver,
  kubeConfigFor,
  readKubernetesClusters,
} from '@ecr-access/plugin-ecr-access-node/clients';
import { CoreV1Api } from '@kubernetes/client-node';

/**
 * Opens the Kubernetes API of a cluster by name.
 *
 * @public
 */
export interface KubernetesConnector {
  /** The core/v1 API of the named cluster, authenticated. */
  coreV1(clusterName: string): Promise<CoreV1Api>;
}

/**
 * Clusters from the Kubernetes plugin's `kubernetes.clusterLocatorMethods` (configured once
 * for both plugins), with a fresh token per call: EKS tokens live 15 minutes.
 */
export function kubernetesConnectorFromConfig(
  config: Config,
): KubernetesConnector {
  const resolver = new ClusterEndpointResolver(config);
  return {
    async coreV1(clusterName) {
      const details = readKubernetesClusters(config).find(
        c => c.name === clusterName,
      );
      if (!details) {
        throw new InputError(
          `cluster: '${clusterName}' is not in kubernetes.clusterLocatorMethods, so its API server is unknown`,
        );
      }
      const endpoint = await resolver.resolve(details);
      return kubeConfigFor(endpoint).makeApiClient(CoreV1Api);
    },
  };
}
