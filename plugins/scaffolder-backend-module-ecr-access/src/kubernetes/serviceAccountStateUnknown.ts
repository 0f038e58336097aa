import type { ServiceAccountSpec } from './serviceAccount';

/**
 * A create or patch of the ServiceAccount failed, and reading it back failed too: the write may
 * have landed with its answer lost, so the ServiceAccount may or may not carry our annotations.
 * Whoever undoes on failure must keep what the ServiceAccount may point at.
 */
export class ServiceAccountStateUnknownError extends Error {
  readonly name = 'ServiceAccountStateUnknownError';
  /** `<namespace>/<name>` */
  readonly serviceAccount: string;

  constructor(spec: ServiceAccountSpec, write: Error, read: unknown) {
    const serviceAccount = `${spec.namespace}/${spec.name}`;
    const annotations = Object.entries(spec.annotations)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ');
    super(
      `the state of ServiceAccount ${serviceAccount} is unknown: the write failed (${String(
        write.message,
      ).replace(
        /\.$/,
        '',
      )}) and may have landed, and reading it back failed too (${String(
        (read as Error)?.message ?? read,
      ).replace(
        /\.$/,
        '',
      )}). Once the cluster answers, check whether it carries ${annotations}; running the step again is safe (it applies what is missing, and changes nothing if the write landed)`,
      { cause: write },
    );
    this.serviceAccount = serviceAccount;
  }
}

/**
 * The unknown-state error in what a step threw; the scaffolder's checkpoint passes the step's
 * error through, or wraps it with its own in an AggregateError when it cannot record the failure.
 */
export function serviceAccountStateUnknown(
  error: unknown,
): ServiceAccountStateUnknownError | undefined {
  if (error instanceof ServiceAccountStateUnknownError) return error;
  if (error instanceof AggregateError) {
    return error.errors.find(
      (e): e is ServiceAccountStateUnknownError =>
        e instanceof ServiceAccountStateUnknownError,
    );
  }
  return undefined;
}
