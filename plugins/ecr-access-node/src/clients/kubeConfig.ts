import { KubeConfig } from '@kubernetes/client-node';

/**
 * Where and how to reach one cluster's API server.
 *
 * @public
 */
export interface ClusterEndpoint {
  /** Cluster name. */
  name: string;
  /** URL of the API server. */
  url: string;
  /** Bearer token (a ServiceAccount token, or an EKS token signed through STS). */
  token: string;
  /** CA certificate of the API server (base64 PEM). */
  caData?: string;
  /** Skip TLS verification of the API server. */
  skipTLSVerify?: boolean;
}

/**
 * A KubeConfig for one cluster, so that TLS (CA data, skip-verify) and bearer-token handling
 * are `@kubernetes/client-node`'s, exactly as for any other Kubernetes client.
 *
 * @public
 */
export function kubeConfigFor(endpoint: ClusterEndpoint): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: endpoint.name,
        server: endpoint.url,
        caData: endpoint.caData,
        // client-node refuses plain http:// unless TLS verification is off; with no TLS there
        // is nothing to verify (the sandbox, a local proxy such as `kubectl proxy`).
        skipTLSVerify:
          endpoint.url.startsWith('http://') ||
          (endpoint.skipTLSVerify ?? false),
      },
    ],
    users: [{ name: 'ecr-access', token: endpoint.token }],
    contexts: [
      { name: endpoint.name, cluster: endpoint.name, user: 'ecr-access' },
    ],
    currentContext: endpoint.name,
  });
  return kc;
}
