// Notifications to owners (src/notify): what was sent, so that every replica sends each one once.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // One row per (entity, condition) while the condition is open. The primary key decides
  // which replica sends: each inserts its claim and only the one whose insert lands sends
  // the notification; deleting the row (the resolved notification's claim) reopens it.
  await knex.schema.createTable('ecr_access_notifications', table => {
    table.comment(
      'Open notification conditions per entity: one sent, one resolved',
    );
    table.string('entity_ref').notNullable();
    table
      .string('condition_hash', 64)
      .notNullable()
      .comment('SHA-256 of condition: keys may be longer than an index allows');
    table
      .text('condition')
      .notNullable()
      .comment('e.g. secret-expiry:prod-use1/billing/regcred; no secret data');
    table
      .string('state', 16)
      .notNullable()
      .comment('raising, raised or resolving');
    table.string('severity', 16).notNullable();
    table
      .string('claim', 64)
      .notNullable()
      .comment('The replica run that holds the row while it sends');
    table
      .bigInteger('claimed_at_ms')
      .notNullable()
      .comment(
        'When the state last changed (epoch ms); old claims are taken over',
      );
    table.primary(['entity_ref', 'condition_hash']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ecr_access_notifications');
};
