import type { Sandbox } from '@ecr-access/sandbox';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * A kubeconfig for one of the sandbox's clusters, with its bearer token over plain HTTP: what
 * a test reads back or writes with (`makeApiClient(CoreV1Api)`), beside the code under test.
 */
export function sandboxKubeConfig(
  sandbox: Sandbox,
  clusterName: string,
): KubeConfig {
  const cluster = sandbox.clusters.find(c => c.name === clusterName);
  if (!cluster) throw new Error(`the sandbox has no cluster ${clusterName}`);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: cluster.name, server: cluster.url, skipTLSVerify: true },
    ],
    users: [{ name: 'test', token: cluster.token }],
    contexts: [{ name: 'test', cluster: cluster.name, user: 'test' }],
    currentContext: 'test',
  });
  return kc;
}
