import type { LoggerService } from '@backstage/backend-plugin-api';
import type { WorkloadStatus } from '@ecr-access/plugin-ecr-access-common';
import type { EcrAccessCluster } from '@ecr-access/plugin-ecr-access-node/clients';
import type { ClusterCollection } from '../../collect/collectCluster';
import type {
  AuditCounts,
  RecordedRunError,
  AuditRunRecord,
  EcrAccessStore,
} from '../../database';
import type { ClusterAwsFacts } from './awsFacts';
import type { Classified } from './classify';
import { AuditScope, isPartial, scopeEntities } from './scope';

/** What one run of the pipeline did on one cluster. */
export interface AuditOutcome {
  /** The run record; stored only for a scheduled audit (`cluster` scope). */
  run: AuditRunRecord;
  /** Workloads of the scope's entities (a refresh reports its entity's). */
  entityWorkloads: number;
  /** Set when the cluster could not be read, with why. */
  unreachable?: { cluster: string; message: string };
}

/** Where the pipeline writes, and how it says what it did. */
export interface WriteTarget {
  store: EcrAccessStore;
  logger: LoggerService;
  now: () => Date;
}

/** Workloads by mechanism and by health, for the run record and its log line. */
function countWorkloads(statuses: WorkloadStatus[]): AuditCounts {
  const counts: AuditCounts = { byMechanism: {}, byHealth: {} };
  for (const status of statuses) {
    counts.byMechanism[status.pullAuth] =
      (counts.byMechanism[status.pullAuth] ?? 0) + 1;
    counts.byHealth[status.health] = (counts.byHealth[status.health] ?? 0) + 1;
  }
  return counts;
}

/** A run that read the cluster, as the pipeline's stages left it. */
export interface ReadRun {
  cluster: EcrAccessCluster;
  scope: AuditScope;
  startedAt: Date;
  checkedAt: Date;
  collection: ClusterCollection;
  aws: ClusterAwsFacts;
  classified: Classified;
}

/**
 * Stage 4, write: stores the classified results (a refresh partially: only its entity's
 * rows), then, for a scheduled audit, the run record and its log line. `stopIfAborted` is
 * checked before each write: an audit whose lock expired writes nothing more.
 */
export async function writeRead(
  target: WriteTarget,
  read: ReadRun,
  stopIfAborted: () => void,
): Promise<AuditOutcome> {
  const { cluster, scope, collection, aws, classified } = read;
  const written = await target.store.writeClusterResults({
    cluster: cluster.name,
    checkedAt: read.checkedAt,
    ...(isPartial(scope) && { partial: true }),
    entities: classified.entities,
  });
  const errors: RecordedRunError[] = [
    ...collection.errors.map(e => ({
      cluster: cluster.name,
      message: `${e.kind}: ${e.message}`,
    })),
    ...aws.errors,
  ];
  const run: AuditRunRecord = {
    cluster: cluster.name,
    startedAt: read.startedAt,
    finishedAt: target.now(),
    status: errors.length ? 'partial' : 'succeeded',
    entityCount: scopeEntities(scope).length,
    workloadCount: classified.statuses.length,
    counts: countWorkloads(classified.statuses),
    errors,
    kubernetesRequests: collection.requests,
    awsRequests: aws.requests,
    ...(classified.pullSetup && {
      pullSetup: { readAt: read.checkedAt, setup: classified.pullSetup },
    }),
  };
  const entityWorkloads = classified.entities.reduce(
    (sum, e) => sum + (e.workloads?.length ?? 0),
    0,
  );
  if (isPartial(scope)) return { run, entityWorkloads };
  stopIfAborted();
  await target.store.recordRun(run);
  target.logger.info(
    `ecr-access audit of ${cluster.name}: ${run.workloadCount} workloads of ${run.entityCount} entities, ${written.changed} changed; ${run.kubernetesRequests} Kubernetes and ${run.awsRequests} AWS requests; ${errors.length} errors`,
    {
      cluster: cluster.name,
      byMechanism: JSON.stringify(run.counts.byMechanism),
      byHealth: JSON.stringify(run.counts.byHealth),
    },
  );
  return { run, entityWorkloads };
}

/**
 * Stage 4 for a cluster that could not be read: the store marks it unreachable for the
 * scope's entities (their last results stay, marked stale), and a scheduled audit records a
 * failed run.
 */
export async function writeUnreachable(
  target: WriteTarget,
  cluster: EcrAccessCluster,
  scope: AuditScope,
  startedAt: Date,
  error: string,
  /** Kubernetes requests sent before the collection failed. */
  kubernetesRequests = 0,
): Promise<AuditOutcome> {
  const checkedAt = target.now();
  // Unreachable for every entity the run covers: any of them may run there. For a scheduled
  // audit the store records it once for the cluster and gives entities it has never seen a
  // status; a refresh marks its entity's own rows.
  await target.store.markClusterUnreachable({
    cluster: cluster.name,
    checkedAt,
    error,
    entities: scopeEntities(scope),
    ...(isPartial(scope) && { partial: true }),
  });
  const unreachable = { cluster: cluster.name, message: error };
  const run: AuditRunRecord = {
    cluster: cluster.name,
    startedAt,
    finishedAt: checkedAt,
    status: 'failed',
    entityCount: 0,
    workloadCount: 0,
    counts: { byMechanism: {}, byHealth: {} },
    errors: [unreachable],
    kubernetesRequests,
    awsRequests: 0,
  };
  if (isPartial(scope)) return { run, entityWorkloads: 0, unreachable };
  await target.store.recordRun(run);
  target.logger.warn(
    `ecr-access audit of ${cluster.name} failed; every entity shows it as unreachable and keeps its last results there, marked stale: ${error}`,
  );
  return { run, entityWorkloads: 0, unreachable };
}
