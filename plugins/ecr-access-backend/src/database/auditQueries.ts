import type { Knex } from 'knex';
import {
  describePullStatusTimed,
  EntityStatus,
  FINDING_CODES,
  findingDefinition,
  FindingCode,
  Health,
  PULL_AUTHS,
  PullAuth,
  splitTimed,
} from '@ecr-access/plugin-ecr-access-common';
import {
  AuditCounts,
  AuditListOptions,
  AuditListRow,
  StoredAuditFilter,
} from './EcrAccessStore';
import { cursorAfter, decodeAuditCursor, orderAndSeek } from './auditCursor';
import { entityOfRow } from './entityRecord';
import { facetsColumn, facetsOfPage, PageRow } from './pageFacets';
import { SummaryPartsMemo } from './summaryPartsMemo';
import {
  ENTITIES,
  EntityRow,
  FACETS,
  FacetName,
  isPostgres,
  refKey,
  toBool,
  toIso,
} from './rows';

/** Up to this many refs go in a plain IN list; more go as one array parameter. */
const IN_LIST_LIMIT = 500;

/** A filter whose cluster is resolved to the stored names it matches, whatever their case. */
export interface ResolvedAuditFilter extends StoredAuditFilter {
  clusters?: string[];
}

function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, c => `!${c}`);
}

/** The refs of the entities with a facet among `values`, for an IN over the facet index. */
function withFacet(knex: Knex, facet: FacetName, values: string[]) {
  return knex
    .select('f.entity_ref')
    .from({ f: FACETS })
    .where('f.facet', facet)
    .whereIn('f.value', values);
}

/**
 * A column as a filter names it. Walking a sort order's index (`walkOrder`), SQLite is told
 * not to drive the query by the filter's own index (a unary `+`): without statistics it
 * prefers any index of an equality, then sorts every match to return 26 rows (20 ms for
 * the 10,000 errors of 50,000 entities sorted by time; 0.2 ms walking the time index).
 * PostgreSQL chooses by its statistics.
 */
type Column = (name: string) => string | Knex.Raw;

function columnOf(knex: Knex, walkOrder: boolean): Column {
  return name => (walkOrder && !isPostgres(knex) ? knex.raw(`+${name}`) : name);
}

function whereFacet(
  knex: Knex,
  query: Knex.QueryBuilder,
  walkOrder: boolean,
  facet: FacetName,
  values: string[] | undefined,
) {
  if (values === undefined) return;
  if (walkOrder && !isPostgres(knex)) {
    // Many match: probing the facets' primary key for each entity of the walk stops at the
    // page's end (about 130 probes for 26 rows of a fifth of the entities, 0.1 ms), where
    // the IN list below is built from every match first (10,000: 1.8 ms).
    query.whereExists(
      withFacet(knex, facet, values).whereRaw('?? = ??', [
        'f.entity_ref',
        'e.entity_ref',
      ]),
    );
    return;
  }
  // IN over the (facet, value, entity_ref) index rather than a correlated EXISTS: SQLite
  // runs an EXISTS once per entity row (50,000 probes at catalog scale, 80 ms), but builds
  // the IN list once from the index (6 ms); PostgreSQL plans both as the same semi-join.
  query.whereIn('e.entity_ref', withFacet(knex, facet, values));
}

/**
 * Restricts to the caller's visible entities. A visibility list can hold every entity of a
 * large catalog, beyond the bound-parameter limits, so a long one is passed as a single
 * array (PostgreSQL) or JSON (SQLite) parameter.
 */
function whereVisible(knex: Knex, query: Knex.QueryBuilder, refs: string[]) {
  const keys = [...new Set(refs.map(refKey))];
  if (keys.length === 0) {
    query.whereRaw('1 = 0');
  } else if (keys.length <= IN_LIST_LIMIT) {
    query.whereIn('e.entity_ref', keys);
  } else if (isPostgres(knex)) {
    query.whereRaw('e.entity_ref = ANY(?::text[])', [keys]);
  } else {
    query.whereRaw('e.entity_ref IN (SELECT value FROM json_each(?))', [
      JSON.stringify(keys),
    ]);
  }
}

/** The finding codes whose code or title holds `term` (lower case). */
function findingsMatching(term: string): FindingCode[] {
  return FINDING_CODES.filter(
    code =>
      code.toLocaleLowerCase('en-US').includes(term) ||
      findingDefinition(code).title.toLocaleLowerCase('en-US').includes(term),
  );
}

/**
 * `q`: text in the ref, title, owner ref or sentence, a finding code or title the entity has,
 * or the display name of its owner. The finding titles are -common's catalog and the owners'
 * names the catalog's, neither stored: the codes they match become a facet filter, and the
 * owners whose names hold the text (`ownersMatched`, resolved by the router) an IN on the
 * owner.
 */
function whereText(
  knex: Knex,
  query: Knex.QueryBuilder,
  text: string,
  ownersMatched: string[] | undefined,
) {
  const lower = text.toLocaleLowerCase('en-US');
  const term = `%${escapeLike(lower)}%`;
  const codes = findingsMatching(lower);
  query.where(q => {
    [
      'e.entity_ref',
      "COALESCE(e.title, '')",
      "COALESCE(e.owner, '')",
      'e.summary',
    ].forEach(column =>
      q.orWhereRaw(`LOWER(${column}) LIKE ? ESCAPE '!'`, [term]),
    );
    if (codes.length) {
      q.orWhereIn('e.entity_ref', withFacet(knex, 'finding', codes));
    }
    if (ownersMatched?.length) {
      q.orWhereIn('e.owner', [...new Set(ownersMatched.map(refKey))]);
    }
  });
}

/**
 * `FROM ecr_access_entities e WHERE …` for the given filter. `walk`: many entities match, so
 * a page reads its order's index and tests each entity (`columns` when that order is not the
 * ref's, whose filters' indexes hold the ref).
 */
function filtered(
  knex: Knex,
  filter: ResolvedAuditFilter,
  walk = { columns: false, facets: false },
): Knex.QueryBuilder {
  const query = knex.from({ e: ENTITIES });
  const col = columnOf(knex, walk.columns);
  const c = (name: string) => col(name) as string;
  if (filter.health) query.where(c('e.health'), filter.health);
  if (filter.owners) query.whereIn(c('e.owner'), filter.owners.map(refKey));
  else if (filter.owner) query.where(c('e.owner'), refKey(filter.owner));
  if (filter.stale !== undefined) query.where(c('e.stale'), filter.stale);
  const facet = (name: FacetName, values?: string[]) =>
    whereFacet(knex, query, walk.facets, name, values);
  facet('mechanism', filter.mechanism && [filter.mechanism]);
  facet('finding', filter.finding && [filter.finding]);
  facet(
    'cluster',
    filter.clusters ?? (filter.cluster ? [filter.cluster] : undefined),
  );
  if (filter.q) whereText(knex, query, filter.q, filter.qOwners);
  if (filter.entityRefs) whereVisible(knex, query, filter.entityRefs);
  return query;
}

/**
 * The parts as first worded from a status text, for as long as the stored text is the same.
 * Timed, they hold instants, not ages, so that the page's clock words them: the one use of
 * the clock here is whether an expiry has passed (`describe.ts`, `tells`), and it had already
 * passed when the audit found it expired, so a later clock words the same parts.
 */
const keptSummaryParts = new SummaryPartsMemo<AuditListRow['summaryParts']>();

/**
 * The stored sentence in parts, its ages as instants for the page's clock: worded again from
 * the stored status, as the sentence was (`describePullStatusTimed`); none for a row without
 * one.
 */
function summaryPartsOf(row: EntityRow): AuditListRow['summaryParts'] {
  if (!row.status) return undefined;
  const status = row.status;
  return keptSummaryParts.get(row.entity_ref, status, () => {
    const parts = splitTimed(
      describePullStatusTimed(JSON.parse(status) as EntityStatus, new Date()),
    );
    // Shared by every page that shows the entity: frozen, so that none changes another's.
    parts.forEach(part => Object.freeze(part));
    return Object.freeze(parts) as typeof parts;
  });
}

function toItem(
  row: EntityRow,
  facets: Record<FacetName, string[]>,
): AuditListRow {
  const summaryParts = summaryPartsOf(row);
  return {
    // The list selects no input findings: the entity's catalog facts alone.
    ...entityOfRow(row),
    health: row.health as Health,
    mechanisms: PULL_AUTHS.filter(p => facets.mechanism.includes(p)),
    findingCodes: facets.finding as FindingCode[],
    clusters: facets.cluster,
    stale: toBool(row.stale),
    checkedAt: toIso(row.checked_at),
    summary: row.summary,
    ...(summaryParts ? { summaryParts } : {}),
  };
}

/** How many entities match the filter. */
export async function countAudit(
  knex: Knex,
  filter: ResolvedAuditFilter,
): Promise<number> {
  const [{ count }] = await filtered(knex, filter).count({ count: '*' });
  return Number(count);
}

/**
 * One page of the audit list, and the cursor of the next when there may be one: after a
 * cursor (`after`), an index range read; `offset` is kept for clients written before it.
 * `walkOrder`: many entities match, so the sort's index is walked (see `columnOf`).
 * `withParts`: each item's sentence in parts too (`summaryParts`), for a page that shows it;
 * read from the stored status, which the CSV export does not need.
 */
export async function listAuditPage(
  knex: Knex,
  options: AuditListOptions & ResolvedAuditFilter,
  walkOrder = false,
  withParts = false,
): Promise<{ items: AuditListRow[]; nextCursor?: string }> {
  const orderBy = options.orderBy ?? 'entityRef';
  const order = options.order ?? 'asc';
  const limit = options.limit ?? 50;
  const after =
    options.after === undefined ? undefined : decodeAuditCursor(options.after);
  if (
    options.after !== undefined &&
    (after?.orderBy !== orderBy || after.order !== order)
  ) {
    // The router checks first (a 400 naming `after`); a store caller gets this.
    throw new Error('The cursor does not belong to this order');
  }
  const page = filtered(knex, options, {
    columns: walkOrder && orderBy !== 'entityRef',
    facets: walkOrder,
  })
    .select<PageRow[]>(
      'e.entity_ref',
      'e.kind',
      'e.namespace',
      'e.name',
      'e.title',
      'e.owner',
      'e.health',
      'e.health_rank',
      'e.stale',
      'e.checked_at',
      'e.summary',
      ...(withParts ? ['e.status'] : []),
      ...facetsColumn(knex, walkOrder),
    )
    // One more row than the page tells whether a next page exists.
    .limit(limit + 1);
  if (!after && options.offset) page.offset(options.offset);
  orderAndSeek(page, orderBy, order, after);
  const rows = await page;
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const facets = await facetsOfPage(knex, shown, walkOrder);
  return {
    items: shown.map((r, i) => toItem(r, facets[i])),
    ...(more
      ? { nextCursor: cursorAfter(shown[shown.length - 1], orderBy, order) }
      : {}),
  };
}

/** Entities per mechanism among those matching the filter. */
function mechanismCounts(
  knex: Knex,
  filter: ResolvedAuditFilter,
): Promise<Array<{ value: string; count: number | string }>> {
  const query = filtered(knex, filter);
  // The matching entities drive the join. SQLite's planner would otherwise scan every
  // mechanism facet and probe the filter (50 ms at 50,000 entities, 12 ms this way); its
  // CROSS JOIN keeps the written order. PostgreSQL plans an inner join well by itself and
  // accepts no ON clause on a CROSS JOIN.
  if (isPostgres(knex)) {
    query.innerJoin({ m: FACETS }, 'm.entity_ref', 'e.entity_ref');
  } else {
    query.crossJoin({ m: FACETS } as any, 'm.entity_ref', 'e.entity_ref');
  }
  return query
    .where('m.facet', 'mechanism')
    .select('m.value')
    .count({ count: '*' })
    .groupBy('m.value') as any;
}

/**
 * Counts over every entity matching the filter, by its indexes; an entity counts once per
 * mechanism. The counts table answers the simple filters (`auditCounts.ts`).
 */
export async function summarize(
  knex: Knex,
  filter: ResolvedAuditFilter,
): Promise<AuditCounts> {
  const byHealthRows = await filtered(knex, filter)
    .select('e.health')
    .count({ count: '*' })
    .groupBy('e.health');
  const byMechanismRows = await mechanismCounts(knex, filter);
  const counts: AuditCounts = { byMechanism: {}, byHealth: {} };
  for (const row of byHealthRows) {
    counts.byHealth[row.health as Health] = Number(row.count);
  }
  for (const row of byMechanismRows) {
    counts.byMechanism[row.value as PullAuth] = Number(row.count);
  }
  return counts;
}
