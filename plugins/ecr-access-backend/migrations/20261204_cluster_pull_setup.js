// Issue #20: each cluster's pull set-up (declared imagePullAuth, node roles and how far beyond
// pulling they go, the service-account-token credential provider's preflight, workloads per
// pull mechanism and runtime identity), stored with the audit run that read it, so that the
// API serves the latest one per cluster without reading the cluster.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Nullable: runs before this migration, runs that could not read their cluster, and
  // on-demand refreshes (never recorded) have none. Role ARNs, names and counts only: no
  // secret enters it.
  await knex.schema.alterTable('ecr_access_audit_runs', table => {
    table
      .text('pull_setup')
      .nullable()
      .comment(
        "{ readAt, setup } as JSON: the cluster's pull set-up as this run read it; null when it read none",
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ecr_access_audit_runs', table => {
    table.dropColumn('pull_setup');
  });
};
