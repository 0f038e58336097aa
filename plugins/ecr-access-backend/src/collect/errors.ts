import { CustomErrorBase } from '@backstage/errors';

/**
 * The cluster could not be reached at all (connection refused, DNS, TLS, timeout): its
 * entities keep their last status, marked stale.
 */
export class ClusterUnreachableError extends CustomErrorBase {
  name = 'ClusterUnreachableError' as const;
}

/**
 * The API server answered 403 for one kind: that kind degrades (findings that need it become
 * unknown), the rest of the cluster is still audited.
 */
export class KindForbiddenError extends CustomErrorBase {
  name = 'KindForbiddenError' as const;
}

/** The API server kept failing (5xx, 429 past the retry budget, an unexpected answer). */
export class KubernetesRequestError extends CustomErrorBase {
  name = 'KubernetesRequestError' as const;
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** `Name: message` of anything thrown, for run records and logs (never a stack). */
export function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}
