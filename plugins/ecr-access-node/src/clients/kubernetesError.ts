import { ApiException } from '@kubernetes/client-node';

/**
 * An error of `@kubernetes/client-node` as a person should read it. client-node's ApiException
 * message holds the whole HTTP response, headers included (and so possibly a bearer token's
 * echo in a proxy's answer); this keeps the status code (also as `statusCode`) and the API
 * server's own reason and message. Other errors pass through.
 *
 * @public
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
  return Object.assign(
    new Error(
      `Kubernetes API answered ${error.code} to ${doing}${
        reason ? ` (${reason})` : ''
      }`,
    ),
    { statusCode: error.code },
  );
}
