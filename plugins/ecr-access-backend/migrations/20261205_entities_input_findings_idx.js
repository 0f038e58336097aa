// Issue #18: every cluster write reads the entities whose input findings are stored (an
// unparsable selector annotation: a handful), to tell which changed. Without an index that was
// a scan of every entity row and its status, 56 ms at 50,000 entities on SQLite, once per
// cluster and audit (2.8 s of a 50-cluster cadence). A partial index holds only those rows, so
// writing the others costs it nothing. Same statement on SQLite and PostgreSQL.

const INDEX = 'ecr_access_entities_input_findings_idx';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    `CREATE INDEX ${INDEX} ON ecr_access_entities (entity_ref) WHERE input_findings IS NOT NULL`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(`DROP INDEX ${INDEX}`);
};
