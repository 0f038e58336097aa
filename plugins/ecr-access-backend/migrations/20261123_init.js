// Entity refs are stored lower-cased: the catalog compares them case-insensitively.
// JSON columns are text so that SQLite and PostgreSQL store them alike.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // The audit is one scheduled task per cluster (DESIGN.md "Scale-out"), so results are
  // kept per (entity, cluster) and an unreachable cluster keeps its last known rows.
  await knex.schema.createTable('ecr_access_cluster_results', table => {
    table.comment(
      'The workloads of one entity in one cluster, as last audited',
    );
    table.string('entity_ref').notNullable();
    table.string('cluster').notNullable();
    table.text('workloads').notNullable().comment('WorkloadStatus[] as JSON');
    table.string('health', 16).notNullable();
    table
      .timestamp('checked_at', { useTz: true })
      .notNullable()
      .comment('When these workloads were last read from the cluster');
    table.boolean('stale').notNullable().defaultTo(false);
    table
      .timestamp('unreachable_since', { useTz: true })
      .nullable()
      .comment('First failed audit of the cluster since it was last reached');
    table.text('error').nullable();
    table.primary(['entity_ref', 'cluster']);
    table.index(['cluster'], 'ecr_access_cluster_results_cluster_idx');
  });

  // The aggregate over an entity's cluster rows, recomputed on every write so that reads
  // never aggregate.
  await knex.schema.createTable('ecr_access_entities', table => {
    table.comment('The current status of each audited entity');
    table.string('entity_ref').primary().notNullable();
    table.string('kind').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('owner').nullable();
    table.text('title').nullable(); // free text, may exceed 255 characters
    table.string('health', 16).notNullable();
    table.boolean('stale').notNullable().defaultTo(false);
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.text('summary').notNullable().comment('The sentence for people');
    table.text('status').notNullable().comment('EntityStatus as JSON');
    table
      .string('status_hash', 64)
      .notNullable()
      .comment('Hash of what a change of status means (not of times)');
    table.index(['health'], 'ecr_access_entities_health_idx');
    table.index(['owner'], 'ecr_access_entities_owner_idx');
    table.index(['stale'], 'ecr_access_entities_stale_idx');
  });

  // One row per (entity, facet, value) so that the audit list filters by mechanism,
  // finding code or cluster with an indexed EXISTS rather than by scanning JSON.
  await knex.schema.createTable('ecr_access_entity_facets', table => {
    table.comment('Filterable values of each entity status');
    table.string('entity_ref').notNullable();
    table
      .string('facet', 16)
      .notNullable()
      .comment('mechanism, finding, cluster or runtime');
    table.string('value').notNullable();
    table.primary(['entity_ref', 'facet', 'value']);
    table.index(['facet', 'value'], 'ecr_access_entity_facets_value_idx');
  });

  await knex.schema.createTable('ecr_access_history', table => {
    table.comment('One row each time an entity status changed');
    table.bigIncrements('id').primary();
    table.string('entity_ref').notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table.string('health', 16).notNullable();
    table.boolean('stale').notNullable().defaultTo(false);
    table.text('mechanisms').notNullable().comment('PullAuth[] as JSON');
    table.text('finding_codes').notNullable().comment('FindingCode[] as JSON');
    table.text('summary').notNullable();
    table.string('status_hash', 64).notNullable();
    table.index(['entity_ref', 'changed_at'], 'ecr_access_history_entity_idx');
  });

  await knex.schema.createTable('ecr_access_audit_runs', table => {
    table.comment('One row per audit run of a cluster');
    table.bigIncrements('id').primary();
    table.string('cluster').notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('succeeded, failed or partial');
    table.integer('entity_count').notNullable().defaultTo(0);
    table.integer('workload_count').notNullable().defaultTo(0);
    table
      .text('counts')
      .notNullable()
      .comment('{ byMechanism, byHealth } as JSON');
    table
      .text('errors')
      .notNullable()
      .comment('[{ cluster, message }] as JSON');
    table.integer('kubernetes_requests').notNullable().defaultTo(0);
    table.integer('aws_requests').notNullable().defaultTo(0);
    table.index(['started_at'], 'ecr_access_audit_runs_started_idx');
    table.index(['cluster', 'started_at'], 'ecr_access_audit_runs_cluster_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ecr_access_audit_runs');
  await knex.schema.dropTable('ecr_access_history');
  await knex.schema.dropTable('ecr_access_entity_facets');
  await knex.schema.dropTable('ecr_access_entities');
  await knex.schema.dropTable('ecr_access_cluster_results');
};
