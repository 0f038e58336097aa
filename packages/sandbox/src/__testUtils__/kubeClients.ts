import { KubeConfig } from '@kubernetes/client-node';
import { SandboxCluster } from '../startSandbox';

/** A KubeConfig for one sandbox cluster, as the plugin would build it from app-config. */
export function kubeConfigFor(
  cluster: SandboxCluster,
  token = cluster.token,
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: cluster.name, server: cluster.url, skipTLSVerify: true },
    ],
    users: [{ name: 'backstage', token }],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: 'backstage' },
    ],
    currentContext: cluster.name,
  });
  return kc;
}
