import { InputError } from '@backstage/errors';
import { ApiException } from '@kubernetes/client-node';

// Node's (and undici's) codes for "the server never answered", as the Kubernetes client's
// fetch passes them on: no status, so nothing the cluster said.
const NETWORK_CODES =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNABORTED|EPIPE|UND_ERR_[A-Z_]+)$/;

function networkCode(error: unknown): string | undefined {
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string' && NETWORK_CODES.test(e.code)) return e.code;
  }
  return undefined;
}

/**
 * A request to a cluster that never got an answer (the cluster is down, or not reachable from
 * Backstage), as an `InputError` naming the cluster and what was asked, without its URL or
 * address; undefined for any other error (an answer from the API server is its own story).
 */
export function unreachableCluster(
  error: unknown,
  cluster: string,
  doing: string,
): InputError | undefined {
  if (error instanceof ApiException) return undefined;
  const code = networkCode(error);
  if (!code) return undefined;
  return new InputError(
    `cluster: the Kubernetes API of cluster '${cluster}' did not answer (${code}) to ${doing}; check that the cluster is up and reachable from Backstage, then run the template again`,
  );
}
