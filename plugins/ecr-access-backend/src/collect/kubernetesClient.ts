import {
  ClusterEndpoint,
  kubeConfigFor,
} from '@ecr-access/plugin-ecr-access-node/clients';
import fetch from 'node-fetch';
import pThrottle from 'p-throttle';
import {
  DEFAULT_KUBERNETES_REQUEST_TIMEOUT_MS,
  DEFAULT_KUBERNETES_REQUESTS_PER_SECOND,
} from './kubernetesClientConfig';
import { KubernetesGet } from './listAll';

export interface KubernetesClientOptions {
  /** Bound on one request: an unreachable cluster costs at most this. */
  timeoutMs?: number;
  /** Requests per second to one API server, so an audit never floods it. */
  requestsPerSecond?: number;
  /**
   * Read pull secrets whole, reduced to their registry hosts on arrival, so that
   * `SECRET_REGISTRY_MISMATCH` can be told (`ecrAccess.kubernetes.readPullSecretHosts`).
   */
  readPullSecretHosts?: boolean;
}

/**
 * An authenticated, rate-limited GET against one cluster. Raw HTTP through client-node's own
 * fetch options rather than its generated API classes, because the lists need an `Accept`
 * header those classes do not expose (metadata-only Secrets).
 *
 * `signal` is the audit's own abort (the scheduler's, on task timeout or shutdown): it ends
 * requests in flight and keeps queued ones from being sent, so an audit that lost its lock
 * stops reading the cluster.
 */
export function createKubernetesGet(
  endpoint: ClusterEndpoint,
  options: KubernetesClientOptions = {},
  signal?: AbortSignal,
): KubernetesGet {
  const kc = kubeConfigFor(endpoint);
  const server = endpoint.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_KUBERNETES_REQUEST_TIMEOUT_MS;
  const throttle = pThrottle({
    limit: options.requestsPerSecond ?? DEFAULT_KUBERNETES_REQUESTS_PER_SECOND,
    interval: 1000,
  });
  const get: KubernetesGet = throttle(
    async (pathAndQuery: string, accept: string) => {
      // Checked here too: a request queued by the throttle before the abort is not sent.
      signal?.throwIfAborted();
      const init = await kc.applyToFetchOptions({});
      const headers = init.headers as unknown as Headers;
      const res = await fetch(`${server}${pathAndQuery}`, {
        agent: init.agent as any,
        headers: {
          Authorization:
            headers.get('Authorization') ?? `Bearer ${endpoint.token}`,
          Accept: accept,
        },
        signal: (signal
          ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
          : AbortSignal.timeout(timeoutMs)) as any,
      });
      return res;
    },
  );
  // Read by the collection: the setting travels with the connection the audit hands it.
  get.readPullSecretHosts = options.readPullSecretHosts ?? false;
  return get;
}
