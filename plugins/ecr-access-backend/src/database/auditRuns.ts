import type { Knex } from 'knex';
import type { ClusterPullSetup } from '@ecr-access/plugin-ecr-access-common';
import { AuditRunRecord, StoredAuditRun } from './EcrAccessStore';
import { RunRow, RUNS, toIso } from './rows';

/** The run's pull set-up column (migration 20261204_cluster_pull_setup), read on its own. */
const PULL_SETUP = 'pull_setup';

/** The columns a run is served from: its pull set-up, the bulk of a row, is read apart. */
const RUN_COLUMNS: Array<keyof RunRow> = [
  'id',
  'cluster',
  'started_at',
  'finished_at',
  'status',
  'entity_count',
  'workload_count',
  'counts',
  'errors',
  'kubernetes_requests',
  'aws_requests',
];

function toRun(row: RunRow): StoredAuditRun {
  return {
    id: Number(row.id),
    cluster: row.cluster,
    startedAt: toIso(row.started_at),
    ...(row.finished_at ? { finishedAt: toIso(row.finished_at) } : {}),
    status: row.status as StoredAuditRun['status'],
    entityCount: row.entity_count,
    workloadCount: row.workload_count,
    counts: JSON.parse(row.counts),
    errors: JSON.parse(row.errors),
    kubernetesRequests: row.kubernetes_requests,
    awsRequests: row.aws_requests,
  };
}

/**
 * How long a cluster's runs are kept: a scheduled audit records about 48 a day per cluster,
 * which the audit page's history never shows in full, and which would otherwise grow forever.
 */
export const RUN_RETENTION_MS = 30 * 24 * 3600_000;

/**
 * Records the run, then deletes its cluster's runs started more than {@link RUN_RETENTION_MS}
 * before it, except the two an older run may still be served for: the cluster's latest
 * pull set-up (`/audit/clusters`) and its latest read (the last completed audit).
 */
export async function recordRun(
  knex: Knex,
  run: AuditRunRecord,
): Promise<StoredAuditRun> {
  const recorded = await insertRun(knex, run);
  await pruneRuns(
    knex,
    run.cluster,
    new Date(run.startedAt.getTime() - RUN_RETENTION_MS),
  );
  return recorded;
}

/** The id of the cluster's latest run matching `where`, newest first. */
function latestRunId(
  knex: Knex,
  cluster: string,
  where: (q: Knex.QueryBuilder) => void,
) {
  return knex(RUNS)
    .select('id')
    .where('cluster', cluster)
    .where(where)
    .orderBy([
      { column: 'started_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(1);
}

async function pruneRuns(
  knex: Knex,
  cluster: string,
  before: Date,
): Promise<void> {
  const kept = await Promise.all([
    latestRunId(knex, cluster, q => q.whereNotNull(PULL_SETUP)),
    latestRunId(knex, cluster, q =>
      q.whereIn('status', ['succeeded', 'partial']).whereNotNull('finished_at'),
    ),
  ]);
  await knex(RUNS)
    .where('cluster', cluster)
    .where('started_at', '<', before)
    .whereNotIn(
      'id',
      kept.flat().map(row => row.id),
    )
    .delete();
}

async function insertRun(
  knex: Knex,
  run: AuditRunRecord,
): Promise<StoredAuditRun> {
  const [inserted] = await knex(RUNS)
    .insert({
      cluster: run.cluster,
      started_at: run.startedAt,
      finished_at: run.finishedAt ?? null,
      status: run.status,
      entity_count: run.entityCount,
      workload_count: run.workloadCount,
      counts: JSON.stringify(run.counts),
      errors: JSON.stringify(run.errors),
      kubernetes_requests: run.kubernetesRequests,
      aws_requests: run.awsRequests,
      [PULL_SETUP]: run.pullSetup
        ? JSON.stringify({
            readAt: run.pullSetup.readAt.toISOString(),
            setup: run.pullSetup.setup,
          })
        : null,
    })
    .returning(RUN_COLUMNS);
  return toRun(inserted);
}

export async function listRuns(
  knex: Knex,
  options: { limit: number; cluster?: string },
): Promise<StoredAuditRun[]> {
  const query = knex<RunRow>(RUNS)
    .select(RUN_COLUMNS)
    .orderBy([
      { column: 'started_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(options.limit);
  if (options.cluster) query.where('cluster', options.cluster);
  return (await query).map(toRun);
}

/** The end of the latest run that read its cluster (succeeded or partial), if any. */
export async function lastCompletedAudit(
  knex: Knex,
): Promise<string | undefined> {
  const row = await knex<RunRow>(RUNS)
    .whereIn('status', ['succeeded', 'partial'])
    .whereNotNull('finished_at')
    .max({ last: 'finished_at' })
    .first();
  return row?.last ? toIso(row.last) : undefined;
}

/**
 * The latest pull set-up stored for the cluster: that of its latest run that read one (a
 * failed run stores none). The (cluster, started_at) index walked backwards: one row.
 */
export async function latestPullSetup(
  knex: Knex,
  cluster: string,
): Promise<{ readAt: string; setup: ClusterPullSetup } | undefined> {
  const row = await knex(RUNS)
    .select(PULL_SETUP)
    .where('cluster', cluster)
    .whereNotNull(PULL_SETUP)
    .orderBy([
      { column: 'started_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first();
  return row ? JSON.parse(row[PULL_SETUP]) : undefined;
}
