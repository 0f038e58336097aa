import { KubeConfig } from '@kubernetes/client-node';
import fetch from 'node-fetch';
import pThrottle from 'p-throttle';
import { KubernetesGet } from './listAll';

/** Where and how to reach one cluster's API server. */
export interface ClusterEndpoint {
  name: string;
  url: string;
  /** Bearer token (a ServiceAccount token, or an EKS token signed through STS). */
  token: string;
  caData?: string;
  skipTLSVerify?: boolean;
}

export interface KubernetesClientOptions {
  /** Bound on one request: an unreachable cluster costs at most this. */
  timeoutMs?: number;
  /** Requests per second to one API server, so an audit never floods it. */
  requestsPerSecond?: number;
}

/**
 * A KubeConfig for one cluster, so that TLS (CA data, skip-verify) and bearer-token handling
 * are @kubernetes/client-node's, exactly as for any other Kubernetes client.
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

/**
 * An authenticated, rate-limited GET against one cluster. Raw HTTP through client-node's own
 * fetch options rather than its generated API classes, because the lists need an `Accept`
 * header those classes do not expose (metadata-only Secrets).
 */
export function createKubernetesGet(
  endpoint: ClusterEndpoint,
  options: KubernetesClientOptions = {},
): KubernetesGet {
  const kc = kubeConfigFor(endpoint);
  const server = endpoint.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const throttle = pThrottle({
    limit: options.requestsPerSecond ?? 20,
    interval: 1000,
  });
  return throttle(async (pathAndQuery: string, accept: string) => {
    const init = await kc.applyToFetchOptions({});
    const headers = init.headers as unknown as Headers;
    const res = await fetch(`${server}${pathAndQuery}`, {
      agent: init.agent as any,
      headers: {
        Authorization:
          headers.get('Authorization') ?? `Bearer ${endpoint.token}`,
        Accept: accept,
      },
      signal: AbortSignal.timeout(timeoutMs) as any,
    });
    return res;
  });
}
