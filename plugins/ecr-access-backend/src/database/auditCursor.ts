import type { Knex } from 'knex';
import type { AuditOrderField } from './EcrAccessStore';
import { EntityRow, toMillis } from './rows';

/**
 * Where a page of the audit list ended, for the next one to start after: the sort it was
 * read in, the last row's sort value and its ref (ties are ordered by ref). The client sees
 * it as an opaque string; the next page is then an index range read, whatever its depth,
 * where an OFFSET reads and drops every row before it.
 */
export interface AuditCursor {
  orderBy: AuditOrderField;
  order: 'asc' | 'desc';
  /** The last row's sort value: a health rank, epoch millis, an owner ref or `''`. */
  value: number | string | null;
  ref: string;
}

/**
 * The SQL sort key of each order, as the indexes of migration 20261203 hold it. An owner
 * sorts as `''` when there is none, so that both engines put entities without one first.
 */
const SORT_KEYS: Record<AuditOrderField, string | undefined> = {
  entityRef: undefined,
  health: 'e.health_rank',
  checkedAt: 'e.checked_at',
  owner: "COALESCE(e.owner, '')",
};

const ORDERS = ['entityRef', 'health', 'checkedAt', 'owner'];

export function encodeAuditCursor(cursor: AuditCursor): string {
  const { orderBy, order, value, ref } = cursor;
  return Buffer.from(JSON.stringify([orderBy, order, value, ref])).toString(
    'base64url',
  );
}

/** The cursor a string holds, or `undefined` when it is not one this API wrote. */
export function decodeAuditCursor(text: string): AuditCursor | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
  const [orderBy, order, value, ref] = parsed;
  const valueValid: Record<string, (v: unknown) => boolean> = {
    entityRef: v => v === null,
    health: v => Number.isSafeInteger(v),
    checkedAt: v => Number.isSafeInteger(v),
    owner: v => typeof v === 'string' && v.length <= 1000,
  };
  const valid =
    ORDERS.includes(orderBy) &&
    (order === 'asc' || order === 'desc') &&
    typeof ref === 'string' &&
    ref.length > 0 &&
    ref.length <= 1000 &&
    valueValid[orderBy](value);
  return valid ? { orderBy, order, value, ref } : undefined;
}

/** The cursor that starts the page after `row`. */
export function cursorAfter(
  row: Pick<EntityRow, 'entity_ref' | 'health_rank' | 'checked_at' | 'owner'>,
  orderBy: AuditOrderField,
  order: 'asc' | 'desc',
): string {
  const value = {
    entityRef: null,
    health: Number(row.health_rank),
    checkedAt: toMillis(row.checked_at),
    owner: row.owner ?? '',
  }[orderBy];
  return encodeAuditCursor({ orderBy, order, value, ref: row.entity_ref });
}

/**
 * Orders `query` by `orderBy` (ties by ref, in the same direction, so that an index serves
 * both) and, after a cursor, starts after its row.
 */
export function orderAndSeek(
  query: Knex.QueryBuilder,
  orderBy: AuditOrderField,
  order: 'asc' | 'desc',
  after?: AuditCursor,
) {
  const key = SORT_KEYS[orderBy];
  if (after) {
    const op = order === 'asc' ? '>' : '<';
    if (key === undefined) {
      query.where('e.entity_ref', op, after.ref);
    } else {
      const value =
        orderBy === 'checkedAt' ? new Date(after.value as number) : after.value;
      query.whereRaw(`(${key}, e.entity_ref) ${op} (?, ?)`, [value, after.ref]);
    }
  }
  if (key !== undefined) query.orderByRaw(`${key} ${order}`);
  query.orderBy('e.entity_ref', order);
}
