// Issue #18: the summary counts kept on write, as changes appended rather than rows updated.
//
// ecr_access_audit_counts held one row per (cluster, health, mechanism), incremented by every
// write. Every batch of every cluster's write updated the same few rows (('', 'ok', '') is
// in nearly all of them) and held their locks to its commit, so on PostgreSQL concurrent
// audits queued behind each other: 50,000 statuses written by 10 audits took 176 s instead
// of 11. Now each write appends its changes, which no other writer waits for, and the
// counts are their sums; the store folds them into one row per key after each cluster's
// write (database/auditCounts.ts, compactCounts).

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ecr_access_audit_count_changes', table => {
    table.comment(
      'Changes to the entities per (cluster, health, mechanism): the counts are their sums',
    );
    table.bigIncrements('id');
    table.string('cluster').notNullable().comment("'' for every cluster");
    table.string('health', 16).notNullable();
    table.string('mechanism', 32).notNullable().comment("'' for every one");
    table
      .integer('count')
      .notNullable()
      .comment('entities added, or removed if negative');
    // The reads sum one cluster's rows (or '' for all), from the index alone.
    table.index(
      ['cluster', 'health', 'mechanism', 'count'],
      'ecr_access_audit_count_changes_key_idx',
    );
  });
  await knex.raw(
    `INSERT INTO ecr_access_audit_count_changes (cluster, health, mechanism, count)
     SELECT cluster, health, mechanism, count FROM ecr_access_audit_counts WHERE count <> 0`,
  );
  await knex.schema.dropTable('ecr_access_audit_counts');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.createTable('ecr_access_audit_counts', table => {
    table.string('cluster').notNullable();
    table.string('health', 16).notNullable();
    table.string('mechanism', 32).notNullable();
    table.integer('count').notNullable();
    table.primary(['cluster', 'health', 'mechanism']);
  });
  await knex.raw(
    `INSERT INTO ecr_access_audit_counts (cluster, health, mechanism, count)
     SELECT cluster, health, mechanism, SUM(count) FROM ecr_access_audit_count_changes
     GROUP BY cluster, health, mechanism`,
  );
  await knex.schema.dropTable('ecr_access_audit_count_changes');
};
