import type { Knex } from 'knex';
import { EntityRow, FACETS, FacetName, isPostgres } from './rows';

/**
 * On PostgreSQL each row's facets come as a column of the page's own query, a round trip
 * fewer per page (of the four a filtered page makes): a JSON list of [facet, value] in
 * (facet, value) order, which PostgreSQL computes after its sort and limit, for the rows
 * returned only. SQLite computes such a column for every row it sorts (up to 500 before a
 * page walks its index: 2 ms), and has no round trip to spare: its rows' facets are read by
 * their refs once the page is known (`facetsOf`).
 */
export function facetsColumn(knex: Knex): Knex.Raw[] {
  if (!isPostgres(knex)) return [];
  return [
    knex.raw(
      `(SELECT json_agg(json_build_array(f.facet, f.value) ORDER BY f.facet, f.value) FROM ?? AS f WHERE f.entity_ref = e.entity_ref) AS facets`,
      [FACETS],
    ),
  ];
}

function noFacets(): Record<FacetName, string[]> {
  return { mechanism: [], finding: [], cluster: [], runtime: [] };
}

/** The facets column as PostgreSQL's driver parses it: null for an entity without any. */
function facetsOfColumn(
  pairs: Array<[FacetName, string]> | null,
): Record<FacetName, string[]> {
  const facets = noFacets();
  for (const [facet, value] of pairs ?? []) facets[facet]?.push(value);
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

/** Each shown row's facets: from its column on PostgreSQL, else read by their refs. */
export async function facetsOfPage(
  knex: Knex,
  rows: Array<EntityRow & { facets?: Array<[FacetName, string]> | null }>,
): Promise<Array<Record<FacetName, string[]>>> {
  if (isPostgres(knex)) return rows.map(r => facetsOfColumn(r.facets ?? null));
  const byRef = await facetsOf(
    knex,
    rows.map(r => r.entity_ref),
  );
  return rows.map(r => byRef.get(r.entity_ref)!);
}
