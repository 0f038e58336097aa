// Issue #18: the audit page at catalog scale. Every filter and sort order of the audit list
// gets an index it can walk in keyset order (the entity ref breaking ties), and the summary
// counts are kept on write instead of counted on every read.

const HEALTH_RANK = `CASE health WHEN 'ok' THEN 0 WHEN 'warning' THEN 1 WHEN 'unknown' THEN 2 WHEN 'error' THEN 3 ELSE 2 END`;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Sorting by health means worst first, not alphabetical: an integer column makes the
  // order an index the keyset cursor can walk, which a CASE in ORDER BY is not.
  await knex.schema.alterTable('ecr_access_entities', table => {
    table
      .smallint('health_rank')
      .notNullable()
      .defaultTo(0)
      .comment('health as 0 ok, 1 warning, 2 unknown, 3 error: its sort order');
  });
  await knex('ecr_access_entities').update({
    health_rank: knex.raw(HEALTH_RANK),
  });

  // Each filter of the audit page with the ref after it, so that a filtered first page
  // reads its rows in ref order and stops at the page's end.
  await knex.schema.alterTable('ecr_access_entities', table => {
    table.dropIndex(['health'], 'ecr_access_entities_health_idx');
    table.dropIndex(['owner'], 'ecr_access_entities_owner_idx');
    table.dropIndex(['stale'], 'ecr_access_entities_stale_idx');
    table.index(['health', 'entity_ref'], 'ecr_access_entities_health_idx');
    table.index(['owner', 'entity_ref'], 'ecr_access_entities_owner_idx');
    table.index(['stale', 'entity_ref'], 'ecr_access_entities_stale_idx');
    table.index(
      ['health_rank', 'entity_ref'],
      'ecr_access_entities_health_rank_idx',
    );
    table.index(
      ['checked_at', 'entity_ref'],
      'ecr_access_entities_checked_at_idx',
    );
  });
  // Sorting by owner puts entities without one first, alike on both engines (their NULLs
  // sort at opposite ends): the list orders by this expression, which the index holds.
  await knex.raw(
    `CREATE INDEX ecr_access_entities_owner_order_idx ON ecr_access_entities ((COALESCE(owner, '')), entity_ref)`,
  );
  // The facet filters' semi-join reads the refs from the index alone.
  await knex.schema.alterTable('ecr_access_entity_facets', table => {
    table.dropIndex(['facet', 'value'], 'ecr_access_entity_facets_value_idx');
    table.index(
      ['facet', 'value', 'entity_ref'],
      'ecr_access_entity_facets_value_idx',
    );
  });
  // The audit response says when an audit last completed: its own index, not a scan of
  // every run ever recorded.
  await knex.schema.alterTable('ecr_access_audit_runs', table => {
    table.index(['finished_at'], 'ecr_access_audit_runs_finished_idx');
  });

  // Entities per (cluster, health, mechanism), '' standing for "any": an entity counts once
  // in each of ('', its health, ''), ('', its health, m) for each of its mechanisms m, and
  // the same with each cluster its workloads run in. The unfiltered summary, and the summary
  // filtered by cluster or health, are a few of these rows instead of a scan of 50,000
  // entities. Kept in the transaction that writes the entity (database/auditCounts.ts).
  await knex.schema.createTable('ecr_access_audit_counts', table => {
    table.comment(
      'Entities per (cluster, health, mechanism), maintained with every entity write',
    );
    table.string('cluster').notNullable().comment("'' for every cluster");
    table.string('health', 16).notNullable();
    table.string('mechanism', 32).notNullable().comment("'' for every one");
    table.integer('count').notNullable();
    table.primary(['cluster', 'health', 'mechanism']);
  });
  // Placeholders (an empty status_hash) exist only inside a write and are not counted.
  const anyOf = facet =>
    `SELECT entity_ref, value FROM ecr_access_entity_facets WHERE facet = '${facet}'
     UNION ALL SELECT entity_ref, '' AS value FROM ecr_access_entities`;
  await knex.raw(
    `INSERT INTO ecr_access_audit_counts (cluster, health, mechanism, count)
     SELECT c.value, e.health, m.value, COUNT(*)
     FROM ecr_access_entities e
     JOIN (${anyOf('cluster')}) c ON c.entity_ref = e.entity_ref
     JOIN (${anyOf('mechanism')}) m ON m.entity_ref = e.entity_ref
     WHERE e.status_hash <> ''
     GROUP BY c.value, e.health, m.value`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ecr_access_audit_counts');
  await knex.schema.alterTable('ecr_access_audit_runs', table => {
    table.dropIndex(['finished_at'], 'ecr_access_audit_runs_finished_idx');
  });
  await knex.schema.alterTable('ecr_access_entity_facets', table => {
    table.dropIndex(
      ['facet', 'value', 'entity_ref'],
      'ecr_access_entity_facets_value_idx',
    );
    table.index(['facet', 'value'], 'ecr_access_entity_facets_value_idx');
  });
  await knex.raw('DROP INDEX ecr_access_entities_owner_order_idx');
  await knex.schema.alterTable('ecr_access_entities', table => {
    table.dropIndex(
      ['checked_at', 'entity_ref'],
      'ecr_access_entities_checked_at_idx',
    );
    table.dropIndex(
      ['health_rank', 'entity_ref'],
      'ecr_access_entities_health_rank_idx',
    );
    table.dropIndex(['stale', 'entity_ref'], 'ecr_access_entities_stale_idx');
    table.dropIndex(['owner', 'entity_ref'], 'ecr_access_entities_owner_idx');
    table.dropIndex(['health', 'entity_ref'], 'ecr_access_entities_health_idx');
    table.index(['health'], 'ecr_access_entities_health_idx');
    table.index(['owner'], 'ecr_access_entities_owner_idx');
    table.index(['stale'], 'ecr_access_entities_stale_idx');
    table.dropColumn('health_rank');
  });
};
