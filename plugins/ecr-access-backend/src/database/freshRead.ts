/**
 * One read shared by the callers that ask while it has not started yet, never by one that
 * asks after it started: each caller's answer comes from a read begun after it asked, so it
 * holds every write committed before that. Under load the callers that arrive during a read
 * share the next one, one read for all of them rather than one each (on PostgreSQL a round
 * trip each, most of a request's cost); alone, a caller reads at once.
 */
export class FreshRead<T> {
  #running?: Promise<T>;
  #next?: Promise<T>;

  constructor(private readonly read: () => PromiseLike<T>) {}

  get(): Promise<T> {
    if (!this.#running) return this.#start();
    if (!this.#next) {
      const after = this.#running.then(
        () => undefined,
        () => undefined,
      );
      this.#next = after.then(() => {
        this.#next = undefined;
        return this.#start();
      });
    }
    return this.#next;
  }

  #start(): Promise<T> {
    // A promise of its own: a knex query builder runs its query again on every `then`.
    const running = Promise.resolve().then(this.read);
    this.#running = running;
    const done = () => {
      if (this.#running === running) this.#running = undefined;
    };
    running.then(done, done);
    return running;
  }
}
