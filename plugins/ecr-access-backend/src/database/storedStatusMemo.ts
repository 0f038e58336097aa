import type { StoredEntityStatus } from './EcrAccessStore';
import type { ClusterStateRow, EntityRow } from './rows';

/**
 * Entities whose built status is kept: a card's status is asked for again and again (every
 * page view, every open tab's refresh), and building it parses the stored JSON (a few KB per
 * workload). 1,000 statuses of a few workloads each hold some megabytes.
 */
const MAX_ENTRIES = 1_000;

interface Entry {
  row: EntityRow;
  states: ClusterStateRow[];
  stored: StoredEntityStatus;
}

function sameValue(a: unknown, b: unknown): boolean {
  // PostgreSQL's driver reads each time as a new Date.
  if (a instanceof Date && b instanceof Date) {
    return a.getTime() === b.getTime();
  }
  return a === b;
}

/** The same columns with the same values. */
function sameRow(a: object, b: object): boolean {
  const columns = Object.keys(a);
  if (columns.length !== Object.keys(b).length) return false;
  return columns.every(column =>
    sameValue(a[column as keyof object], b[column as keyof object]),
  );
}

function sameRows(a: readonly object[], b: readonly object[]): boolean {
  // The clusters' states are one read shared by the requests that asked before it started
  // (`freshRead.ts`): often the very rows the status was built from.
  if (a === b) return true;
  return a.length === b.length && a.every((row, i) => sameRow(row, b[i]));
}

/** Frozen, so that no reader can change what the next one is handed. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * The status built from an entity's stored row and the clusters' states, kept with the rows
 * it was built from. It is a function of those rows alone, and every read still reads them:
 * the status kept is handed out only when every column of every row read now is equal to
 * those it was built from, so it is never older than what is stored. It spares parsing and
 * rebuilding an unchanged status, and lets the API send the body it serialised for the same
 * object (`service/statusBodies.ts`).
 */
export class StoredStatusMemo {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  get(
    row: EntityRow,
    states: ClusterStateRow[],
    build: () => StoredEntityStatus,
  ): StoredEntityStatus {
    const key = row.entity_ref;
    const kept = this.#entries.get(key);
    const stored =
      kept && sameRow(kept.row, row) && sameRows(kept.states, states)
        ? kept.stored
        : deepFreeze(build());
    // Re-inserted: the least recently read is the first to go.
    this.#entries.delete(key);
    this.#entries.set(key, { row, states, stored });
    if (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return stored;
  }
}
