import type { Knex } from 'knex';
import type { AggregateEntityStatus } from './aggregateEntityStatus';
import type { AuditedEntity } from './EcrAccessStore';
import { storedFacts } from './entityRecord';
import { recomputeInBatches } from './recomputeEntities';
import { CLUSTER_RESULTS, ENTITIES, refKey } from './rows';

/**
 * Entities stored healthy without a row on any cluster: "No workloads found" as versions before
 * NO_WORKLOADS_FOUND stored it, with health `ok`. Nothing is stored so since (no workload is
 * unknown), so once an upgraded installation has recomputed them this finds none: one indexed
 * query per catalog read.
 */
function storedHealthyWithoutWorkloads(knex: Knex): Promise<string[]> {
  return knex(ENTITIES)
    .where({ health: 'ok' })
    .whereNotExists(
      knex(CLUSTER_RESULTS)
        .select(knex.raw('1'))
        .whereRaw('??.?? = ??.??', [
          CLUSTER_RESULTS,
          'entity_ref',
          ENTITIES,
          'entity_ref',
        ]),
    )
    .orderBy('entity_ref')
    .pluck('entity_ref');
}

/**
 * Gives each of `entities` that has no stored status one, computed from its cluster rows
 * (normally none) and the clusters read so far: "No workloads found" once some cluster was
 * read (health unknown, NO_WORKLOADS_FOUND: nothing found is not healthy), "not yet checked"
 * before. Returns how many it created. It also recomputes the entities an earlier version
 * stored as healthy with no workloads (see storedHealthyWithoutWorkloads).
 *
 * Why apart from the cluster writes: a scheduled audit names the whole catalog, and when
 * each cluster's write created the entities it found no row for, ten first audits at once
 * inserted the same 50,000 rows in turn, each waiting for the one before to commit. The
 * audit calls this once per catalog read, before its cluster writes; a second replica doing
 * the same at once skips the rows the first inserted (see recomputeEntities).
 */
export async function createMissingEntities(
  knex: Knex,
  entities: Iterable<AuditedEntity>,
  aggregate: AggregateEntityStatus,
): Promise<number> {
  const facts = new Map<string, AuditedEntity>();
  for (const entity of entities) {
    facts.set(refKey(entity.entityRef), storedFacts(entity));
  }
  if (!facts.size) return 0;
  // Every stored ref at once: one index-only scan, where probing 50,000 refs took 50 queries.
  const stored = new Set<string>(await knex(ENTITIES).pluck('entity_ref'));
  const missing = [...facts.keys()].filter(ref => !stored.has(ref)).sort();
  const created = await recomputeInBatches(
    knex,
    missing,
    new Date(),
    aggregate,
    // A row stored meanwhile, by a rival doing the same or by a cluster write, is left
    // as its writer computed it.
    { entities: facts, onlyIf: () => false },
  );
  // An upgrade's stored "ok" for nothing found would stand until the entity's rows changed.
  const healthyWithoutWorkloads = await storedHealthyWithoutWorkloads(knex);
  await recomputeInBatches(
    knex,
    healthyWithoutWorkloads,
    new Date(),
    aggregate,
  );
  return created.entities;
}
