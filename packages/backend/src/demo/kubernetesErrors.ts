import { ApiException } from '@kubernetes/client-node';

/**
 * client-node's ApiException message holds the whole HTTP response, headers included (and so
 * possibly the bearer token's echo in a proxy's answer); this keeps what a person needs: the
 * status code and the API server's own reason and message.
 */
export function kubernetesError(error: unknown, doing: string): Error {
  if (!(error instanceof ApiException)) return error as Error;
  let status: { reason?: string; message?: string } = {};
  try {
    status =
      typeof error.body === 'string'
        ? JSON.parse(error.body)
        : error.body ?? {};
  } catch {
    // not a metav1.Status body
  }
  const reason = [status.reason, status.message].filter(Boolean).join(': ');
  return new Error(
    `Kubernetes API answered ${error.code} to ${doing}${
      reason ? ` (${reason})` : ''
    }`,
  );
}
