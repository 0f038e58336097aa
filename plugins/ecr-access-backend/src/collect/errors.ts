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

/** Kubernetes requests a collection sent before it failed, kept beside its error. */
const REQUESTS_BEFORE = new WeakMap<object, number>();

/** The error, recorded as thrown after `requests` Kubernetes requests. */
export function withRequestsBefore<E>(error: E, requests: number): E {
  if (typeof error === 'object' && error !== null)
    REQUESTS_BEFORE.set(error, requests);
  return error;
}

/** How many Kubernetes requests the collection that threw `error` had sent; 0 if unknown. */
export function requestsBefore(error: unknown): number {
  return typeof error === 'object' && error !== null
    ? REQUESTS_BEFORE.get(error) ?? 0
    : 0;
}

/** `Name: message` of anything thrown, for run records and logs (never a stack). */
export function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}
