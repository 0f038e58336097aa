/**
 * Bounds of an exponential backoff: attempt n waits `baseDelayMs * 2^n`, capped at
 * `maxDelayMs`, for at most `attempts` tries.
 *
 * @public
 */
export interface BackoffOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait after the first try; doubled after each further one. */
  baseDelayMs: number;
  /** Upper bound of one wait. */
  maxDelayMs: number;
}

/**
 * IAM is eventually consistent: a new role can be invisible to reads and to STS for seconds
 * (IAM user guide, "Changes that I make are not always immediately visible"). About 30 s in all.
 */
export const IAM_PROPAGATION_BACKOFF: BackoffOptions = {
  attempts: 10,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
};

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Calls `attempt` until it returns true or the attempts run out; returns whether it succeeded.
 */
export async function pollWithBackoff(
  attempt: () => Promise<boolean>,
  options: BackoffOptions,
): Promise<boolean> {
  for (let n = 0; n < options.attempts; n++) {
    if (await attempt()) return true;
    if (n < options.attempts - 1) {
      await sleep(Math.min(options.baseDelayMs * 2 ** n, options.maxDelayMs));
    }
  }
  return false;
}

/**
 * Runs `fn`, retrying the errors `retryable` accepts with backoff; the last error is thrown.
 */
export async function retryWithBackoff<T>(
  fn: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  options: BackoffOptions,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await fn();
    } catch (error) {
      if (n >= options.attempts - 1 || !retryable(error)) throw error;
      await sleep(Math.min(options.baseDelayMs * 2 ** n, options.maxDelayMs));
    }
  }
}
