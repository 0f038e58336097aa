import type { Knex } from 'knex';
import { EntityRow, FACETS, FacetName, isPostgres } from './rows';

/** A row as the page's query returns it: with its facets' column when the query has one. */
export type PageRow = EntityRow & {
  facets?: Array<[FacetName, string]> | string | null;
};

/**
 * Each row's facets as a column of the page's own query, its [facet, value] pairs, where
 * that spares a second statement: always on PostgreSQL (a round trip fewer; computed after
 * its sort and limit, for the rows returned only), and on SQLite when the page walks its
 * order's index (`walking`), which stops at the page's end, so the column is computed for
 * the 26 rows returned only (0.21-0.40 ms for the query with it at 50,000 entities, against
 * 0.28-0.52 ms for the query and the second read). A SQLite page that sorts its matches
 * (fewer than `WALK_ORDER_FROM`) would compute it for every row sorted (up to 500: 2 ms), so
 * it reads those rows' facets by their refs once the page is known (`facetsOf`).
 * SQLite's aggregate promises no order (an ORDER BY in it sorts a temporary B-tree per row,
 * slower than the second read), so its list is sorted here. PostgreSQL's is an array of
 * [facet, value] arrays in that order, which its driver parses to the same pairs: 0.13 ms
 * to execute the page's query with it, against 0.22 ms with a `json_agg` of the pairs
 * (medians of `EXPLAIN ANALYZE` at 50,000 entities; 0.06 ms without the column).
 */
export function facetsColumn(knex: Knex, walking: boolean): Knex.Raw[] {
  if (!hasFacetsColumn(knex, walking)) return [];
  if (isPostgres(knex)) {
    return [
      knex.raw(
        `ARRAY(SELECT ARRAY[f.facet, f.value] FROM ?? AS f WHERE f.entity_ref = e.entity_ref ORDER BY f.facet, f.value) AS facets`,
        [FACETS],
      ),
    ];
  }
  return [
    knex.raw(
      `(SELECT json_group_array(json_array(f.facet, f.value)) FROM ?? AS f WHERE f.entity_ref = e.entity_ref) AS facets`,
      [FACETS],
    ),
  ];
}

function hasFacetsColumn(knex: Knex, walking: boolean): boolean {
  return isPostgres(knex) || walking;
}

function noFacets(): Record<FacetName, string[]> {
  return { mechanism: [], finding: [], cluster: [], runtime: [] };
}

/** In (facet, value) order, as SQLite's index and the second read hold them. */
function byFacetAndValue(
  pairs: Array<[FacetName, string]>,
): Array<[FacetName, string]> {
  const compare = (a: string, b: string) => Number(a > b) - Number(a < b);
  return pairs.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
}

/**
 * The facets column: parsed by PostgreSQL's driver (an empty array for an entity without
 * any), JSON text from SQLite (`[]` for none).
 */
function facetsOfColumn(
  column: Array<[FacetName, string]> | string | null,
): Record<FacetName, string[]> {
  const facets = noFacets();
  const pairs: Array<[FacetName, string]> =
    typeof column === 'string'
      ? byFacetAndValue(JSON.parse(column))
      : column ?? [];
  for (const [facet, value] of pairs) facets[facet]?.push(value);
  return facets;
}

/** The facets of the page's rows, read by their refs (SQLite). */
async function facetsOf(
  knex: Knex,
  refs: string[],
): Promise<Map<string, Record<FacetName, string[]>>> {
  const result = new Map(refs.map(ref => [ref, noFacets()]));
  if (refs.length === 0) return result;
  const rows = await knex(FACETS)
    .whereIn('entity_ref', refs)
    .orderBy(['entity_ref', 'facet', 'value']);
  for (const row of rows) {
    result.get(row.entity_ref)?.[row.facet as FacetName].push(row.value);
  }
  return result;
}

/** Each shown row's facets: from its column where the query had one, else read by refs. */
export async function facetsOfPage(
  knex: Knex,
  rows: PageRow[],
  walking: boolean,
): Promise<Array<Record<FacetName, string[]>>> {
  if (hasFacetsColumn(knex, walking)) {
    return rows.map(r => facetsOfColumn(r.facets ?? null));
  }
  const byRef = await facetsOf(
    knex,
    rows.map(r => r.entity_ref),
  );
  return rows.map(r => byRef.get(r.entity_ref)!);
}
