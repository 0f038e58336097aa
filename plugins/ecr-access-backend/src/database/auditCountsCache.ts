import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { StoredAuditFilter } from './EcrAccessStore';
import { countedEntityTotal } from './auditCounts';
import { HISTORY } from './rows';

const DEFAULT_TTL_MS = 30_000;
const MAX_ENTRIES = 200;

interface Entry {
  version: string;
  expiresAt: number;
  value: Promise<unknown>;
}

/** The filter as a key; a visibility list (up to every ref of the catalog) as its hash. */
function keyOf(kind: string, filter: StoredAuditFilter): string {
  const { entityRefs, ...rest } = filter;
  const refs = entityRefs
    ? createHash('sha256')
        .update([...entityRefs].sort().join('\n'))
        .digest('hex')
    : undefined;
  return JSON.stringify([kind, rest, refs]);
}

/**
 * The counts over a filtered set (the audit's total and its summary) are what an audit page
 * costs at catalog scale: each scans every matching entity, 20 to 70 ms at 50,000, and the
 * page asks for them again on every page, sort and filter. They change only when a status
 * changes, which always writes a history row, or when entities come or go; so they are kept
 * per filter while the newest history id and the entity count stay the same (two small
 * reads, made for every request, so a write by another replica is seen at once, bar by
 * requests that join a read of them already under way), and for at most 30 s, as an owner
 * or title can change without a history row.
 */
export class AuditCountsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly knex: Knex,
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  #versionRead?: Promise<string>;

  /**
   * Requests that arrive while the version is being read share that read: it is as recent
   * as they are, and an audit page asks for it up to three times (total, summary, facets).
   */
  private version(): Promise<string> {
    if (!this.#versionRead) {
      const read = this.readVersion();
      this.#versionRead = read;
      const clear = () => {
        if (this.#versionRead === read) this.#versionRead = undefined;
      };
      read.then(clear, clear);
    }
    return this.#versionRead;
  }

  private async readVersion(): Promise<string> {
    // The entity count from the counts kept on write (at most four rows), not a count of
    // the entities table, which is a scan of every row on PostgreSQL.
    const [[latest], entities] = await Promise.all([
      this.knex(HISTORY).max({ id: 'id' }),
      countedEntityTotal(this.knex),
    ]);
    return `${latest?.id ?? 0}:${entities}`;
  }

  async get<T>(
    kind: string,
    filter: StoredAuditFilter,
    compute: () => Promise<T>,
  ): Promise<T> {
    const key = keyOf(kind, filter);
    const version = await this.version();
    const hit = this.entries.get(key);
    if (hit && hit.version === version && hit.expiresAt > this.now()) {
      return hit.value as Promise<T>;
    }
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, {
      version,
      expiresAt: this.now() + this.ttlMs,
      value,
    });
    // A failed count is not kept.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}
