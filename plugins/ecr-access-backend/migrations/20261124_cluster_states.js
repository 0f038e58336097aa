// "Unknown is not healthy": what the latest audit of each cluster could read.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // One row per cluster, not per (entity, cluster): a cluster that cannot be read is
  // unreachable for every entity (any of them may run there), and 50,000 rows saying so
  // would be the cost of one failed audit. The aggregate of each entity reads it on write.
  await knex.schema.createTable('ecr_access_clusters', table => {
    table.comment(
      'The latest audit of each cluster: reachable or not, and since when',
    );
    table.string('cluster').primary().notNullable();
    table.boolean('reachable').notNullable();
    table
      .timestamp('checked_at', { useTz: true })
      .notNullable()
      .comment('The latest attempt, successful or not');
    table
      .timestamp('last_success_at', { useTz: true })
      .nullable()
      .comment('The last successful read; null when never read');
    table
      .timestamp('unreachable_since', { useTz: true })
      .nullable()
      .comment('The first failed attempt of the current outage');
    table.text('error').nullable().comment('A short reason, without secrets');
    table
      .boolean('settled')
      .notNullable()
      .defaultTo(false)
      .comment(
        'Whether every entity was recomputed since reachable last changed (false also after a crash mid-way)',
      );
  });
  // Findings about the entity itself (an unparsable selector annotation), kept so that a
  // recompute that does not name the entity keeps them.
  await knex.schema.alterTable('ecr_access_entities', table => {
    table
      .text('input_findings')
      .nullable()
      .comment('Finding[] about the catalog entity itself, as JSON');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ecr_access_entities', table => {
    table.dropColumn('input_findings');
  });
  await knex.schema.dropTable('ecr_access_clusters');
};
