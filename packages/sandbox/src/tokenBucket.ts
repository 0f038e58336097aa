/**
 * A token bucket that refuses rather than queues: what a server-side rate limit does (IAM's
 * per-account request rate, kube-apiserver's API Priority and Fairness rejecting with 429).
 * Client-side limiters such as p-throttle delay calls instead, which is the opposite of what
 * the sandbox must simulate.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly rps: number,
    private readonly burst: number,
    private readonly clock: () => number,
  ) {
    this.tokens = burst;
    this.updatedAt = clock();
  }

  /** Takes one token; otherwise returns the milliseconds until one is available. */
  take(): { ok: true } | { ok: false; waitMs: number } {
    const now = this.clock();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsedSeconds * this.rps);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, waitMs: ((1 - this.tokens) / this.rps) * 1000 };
  }
}
