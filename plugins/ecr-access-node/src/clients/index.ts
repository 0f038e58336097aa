/**
 * The I/O side of ecr-access, shared by the backend plugin and the scaffolder module: AWS SDK
 * clients per account, and cluster connections from the Kubernetes plugin's configuration.
 * Kept apart from the package's main entry point so that the status engine stays pure.
 *
 * @packageDocumentation
 */
export { SdkAwsClients } from './awsClients';
export type { AwsClients, SdkAwsClientsOptions } from './awsClients';
export {
  ClusterEndpointResolver,
  readKubernetesClusters,
} from './clusterEndpoints';
export { kubeConfigFor } from './kubeConfig';
export { kubernetesError } from './kubernetesError';
export type { ClusterEndpoint } from './kubeConfig';
export { readEcrAccessClusters } from './clusterConfig';
export type { EcrAccessCluster, ImagePullAuth } from './clusterConfig';
// The config's Fargate selectors have the shape EKS gives a profile's (the main entry's type).
export type { FargateSelector } from '../snapshot';
