/**
 * Calls with the same key while one is in flight share its result (a "single flight"): the
 * refresh button pressed twenty times at once, or by twenty people, checks the entity once.
 * A call that comes after it settled starts a new one, so nobody gets an answer older than
 * their own request by more than the one check it joined.
 */
export class SingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  run(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.#inFlight.get(key);
    if (running) return running;
    const started = fn().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }

  /** Keys in flight now. */
  get size(): number {
    return this.#inFlight.size;
  }
}
