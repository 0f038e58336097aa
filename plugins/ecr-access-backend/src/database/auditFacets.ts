import type { Knex } from 'knex';
import {
  FINDING_CODES,
  FindingCode,
  PULL_AUTHS,
  PullAuth,
} from '@ecr-access/plugin-ecr-access-common';
import type { StoredAuditFilter } from './EcrAccessStore';
import { countedValues } from './auditCounts';
import { ENTITIES, FACETS, isPostgres, refKey } from './rows';

/** The values the audit page's pickers offer, over the entities a caller may read. */
export interface StoredAuditFacets {
  /** Owner refs, as stored (lower case). */
  owners: string[];
  clusters: string[];
  mechanisms: PullAuth[];
  findings: FindingCode[];
}

const IN_LIST_LIMIT = 500;

/** `refs` as a subquery of refs, short or long (see auditQueries' whereVisible). */
function visibleRefs(knex: Knex, refs: string[]): Knex.Raw | string[] {
  const keys = [...new Set(refs.map(refKey))];
  if (keys.length <= IN_LIST_LIMIT) return keys;
  return isPostgres(knex)
    ? knex.raw('SELECT unnest(?::text[])', [keys])
    : knex.raw('SELECT value FROM json_each(?)', [JSON.stringify(keys)]);
}

async function distinctFacet(
  knex: Knex,
  facet: string,
  refs: string[] | undefined,
): Promise<string[]> {
  const query = knex(FACETS).distinct('value').where('facet', facet);
  if (refs) query.whereIn('entity_ref', visibleRefs(knex, refs) as any);
  return (await query).map(r => r.value as string);
}

/**
 * Over every entity, the counts table holds the clusters and mechanisms (a few rows) and the
 * owner index the owners; findings are read from their facet index. Over a visibility list,
 * each is read for those entities.
 */
export async function auditFacets(
  knex: Knex,
  filter: Pick<StoredAuditFilter, 'entityRefs'>,
): Promise<StoredAuditFacets> {
  const refs = filter.entityRefs;
  if (refs && refs.length === 0) {
    return { owners: [], clusters: [], mechanisms: [], findings: [] };
  }
  const owners = knex(ENTITIES)
    .distinct('owner')
    .whereNotNull('owner')
    .whereNot('status_hash', '');
  if (refs) owners.whereIn('entity_ref', visibleRefs(knex, refs) as any);
  const [ownerRows, clusters, mechanisms, findings] = await Promise.all([
    owners,
    refs
      ? distinctFacet(knex, 'cluster', refs)
      : countedValues(knex, 'cluster'),
    refs
      ? distinctFacet(knex, 'mechanism', refs)
      : countedValues(knex, 'mechanism'),
    distinctFacet(knex, 'finding', refs),
  ]);
  const mechanismSet = new Set(mechanisms);
  const findingSet = new Set(findings);
  return {
    owners: ownerRows.map(r => r.owner as string).sort(),
    clusters: clusters.sort(),
    mechanisms: PULL_AUTHS.filter(m => mechanismSet.has(m)),
    findings: FINDING_CODES.filter(c => findingSet.has(c)),
  };
}
