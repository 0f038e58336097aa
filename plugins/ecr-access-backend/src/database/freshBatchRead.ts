/** Keys per read at most: an IN list well within both engines' bound-parameter limits. */
const MAX_KEYS = 200;

interface Batch<V> {
  keys: Set<string>;
  answer: Promise<Map<string, V>>;
}

/**
 * Reads by key, batched as `FreshRead` shares one read: the keys asked for while no read has
 * started go in one read, begun after every one of them was asked for, so each answer holds
 * every write committed before its caller asked; a key asked for once a read has started
 * waits for the next. One read runs at a time. Under load the status requests that arrive
 * during a read share one statement (on PostgreSQL a round trip, its protocol writes and
 * the server's parse and plan each), where each used to make its own; alone, a caller reads
 * at once.
 */
export class FreshBatchRead<V> {
  #open?: Batch<V>;
  #previous: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly read: (keys: string[]) => PromiseLike<Map<string, V>>,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  /** The value read for `key`, or `undefined` when the read found none. */
  async get(key: string): Promise<V | undefined> {
    let batch = this.#open;
    if (!batch || batch.keys.size >= this.maxKeys) {
      batch = this.#nextBatch();
    }
    batch.keys.add(key);
    return (await batch.answer).get(key);
  }

  #nextBatch(): Batch<V> {
    const keys = new Set<string>();
    const batch = { keys } as Batch<V>;
    batch.answer = this.#previous.then(() => {
      // Closed as its read begins: a key asked for from now on waits for the next read.
      if (this.#open === batch) this.#open = undefined;
      return this.read([...keys]);
    });
    this.#previous = batch.answer.catch(() => undefined);
    this.#open = batch;
    return batch;
  }
}
