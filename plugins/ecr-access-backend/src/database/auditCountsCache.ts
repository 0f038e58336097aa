import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { StoredAuditFilter } from './EcrAccessStore';
import { countedEntityTotal } from './auditCounts';
import { FreshRead } from './freshRead';
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
 * reads, shared by the requests that arrive before they start, so a write by another
 * replica is seen at once), and for at most 30 s, as an owner
 * or title can change without a history row.
 */
export class AuditCountsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly knex: Knex,
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Requests that arrive before a read of the version starts share it (an audit page asks
   * for it up to three times: total, summary, facets), never one already under way, which
   * could have missed a write committed since: see `freshRead.ts`.
   */
  readonly #version = new FreshRead(() => this.readVersion());

  private version(): Promise<string> {
    return this.#version.get();
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
