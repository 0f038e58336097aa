/**
 * Entities whose sentence parts are kept: a few audit pages' worth at the largest page size,
 * each with its stored status text (about 5 KB at the benchmark's two workloads per entity):
 * some 10 MB at most.
 */
const MAX_ENTRIES = 2_000;

interface Entry<T> {
  status: string;
  value: T;
}

/**
 * What was derived from an entity's stored status text, kept with that text and handed out
 * only while the text read now is the same, character for character: parsing the status and
 * wording it again was most of an audit page's CPU (26 statuses of about 5 KB per page).
 */
export class SummaryPartsMemo<T> {
  readonly #entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  get(entityRef: string, status: string, derive: () => T): T {
    const kept = this.#entries.get(entityRef);
    const value = kept?.status === status ? kept.value : derive();
    // Re-inserted: the least recently read is the first to go.
    this.#entries.delete(entityRef);
    this.#entries.set(entityRef, { status, value });
    if (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return value;
  }
}
