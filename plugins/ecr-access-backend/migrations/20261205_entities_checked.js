// Issue #18: a cluster's first successful read recomputes the entities it can change without
// any row of theirs in it: those never checked (no cluster read yet) and those marked stale
// (a cluster unreachable). It chose every entity whose health is `unknown`, which also took
// every entity unknown for a finding of its own (a role that could not be read…): on a fresh
// installation each of 50 clusters' first reads rewrote those again, some 300,000 entity
// writes at 50,000 entities, and left out a stale entity whose health is worse than unknown.
// The status's `checked` becomes a column, and a partial index holds the rows that query reads.

const INDEX = 'ecr_access_entities_unsettled_idx';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ecr_access_entities', table => {
    table
      .boolean('checked')
      .notNullable()
      .defaultTo(true)
      .comment(
        'false while no cluster the entity may run on has been read: status.checked',
      );
  });
  await knex('ecr_access_entities')
    .where('status', 'like', '%"checked":false%')
    .update({ checked: false });
  // The same text as the query's condition (settleTransition), so both engines' planners
  // match it to the index.
  await knex.raw(
    `CREATE INDEX ${INDEX} ON ecr_access_entities (entity_ref) WHERE checked = false OR stale = true`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(`DROP INDEX ${INDEX}`);
  await knex.schema.alterTable('ecr_access_entities', table => {
    table.dropColumn('checked');
  });
};
