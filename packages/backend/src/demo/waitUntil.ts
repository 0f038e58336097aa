import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` until it returns a value, at a fixed interval, for at most `timeoutMs`; the
 * catalog and the audit work in the background and announce nothing to wait on.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs: number },
): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() + options.intervalMs > deadline) return undefined;
    await sleep(options.intervalMs);
  }
}
