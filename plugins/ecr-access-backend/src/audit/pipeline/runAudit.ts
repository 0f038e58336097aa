import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AwsClients,
  EcrAccessCluster,
} from '@ecr-access/plugin-ecr-access-node/clients';
import type { ClusterCollection } from '../../collect/collectCluster';
import { describeError, requestsBefore } from '../../collect/errors';
import type { EcrAccessStore } from '../../database';
import { NO_AWS_FACTS, readClusterAwsFacts } from './awsFacts';
import { classify } from './classify';
import { ClusterConnections, collect } from './collect';
import { AuditScope, awsFactsScope, nothingToRead } from './scope';
import { AuditOutcome, writeRead, writeUnreachable } from './write';

/** What the pipeline reads from and writes to. */
export interface AuditPipeline {
  connections: ClusterConnections;
  aws: AwsClients;
  store: EcrAccessStore;
  logger: LoggerService;
  now: () => Date;
}

/**
 * Thrown by an audit whose signal fired (task timeout or shutdown). The scheduler's lock on
 * the cluster may have expired and another replica may be auditing it: from then on this one
 * writes nothing, not even "unreachable", and leaves the cluster to that one.
 */
export class AuditAbortedError extends Error {
  readonly name = 'AuditAbortedError';
  constructor(cluster: string, reason: unknown) {
    super(`ecr-access audit of ${cluster} aborted: ${describeError(reason)}`);
  }
}

function abortCheck(
  logger: LoggerService,
  cluster: EcrAccessCluster,
  signal?: AbortSignal,
) {
  return () => {
    if (!signal?.aborted) return;
    const aborted = new AuditAbortedError(cluster.name, signal.reason);
    // Logged here as well as thrown: it tells why the cluster has no run for this cadence.
    logger.warn(aborted.message, { cluster: cluster.name });
    throw aborted;
  };
}

/**
 * One run of the audit on one cluster, the stages in order, each only handing its result to
 * the next: scope (`scope.ts`) → collect (`collect.ts`) → AWS facts (`awsFacts.ts`) →
 * classify (`classify.ts`) → write (`write.ts`). The scheduled audit and the refresh differ
 * only in the scope. A cluster that cannot be read keeps its last results, marked stale.
 * `signal` is the scheduler's: once it fires, no further Kubernetes request is sent and
 * nothing is written; the run throws `AuditAbortedError`.
 */
export async function runAudit(
  pipeline: AuditPipeline,
  cluster: EcrAccessCluster,
  scope: AuditScope,
  signal?: AbortSignal,
): Promise<AuditOutcome> {
  const stopIfAborted = abortCheck(pipeline.logger, cluster, signal);
  const startedAt = pipeline.now();
  let collection: ClusterCollection;
  try {
    collection = await collect(pipeline.connections, cluster, scope, signal);
  } catch (error) {
    // An aborted list fails like an unreachable cluster; it is not one.
    stopIfAborted();
    const message = describeError(error);
    return writeUnreachable(
      pipeline,
      cluster,
      scope,
      startedAt,
      message,
      requestsBefore(error),
    );
  }
  const checkedAt = pipeline.now();
  // Nothing was asked of the cluster: nothing to ask AWS about either.
  const aws = nothingToRead(scope)
    ? NO_AWS_FACTS
    : await readClusterAwsFacts(
        pipeline.aws,
        cluster,
        collection.snapshot,
        awsFactsScope(scope),
      );
  const classified = classify(scope, collection.snapshot, aws, checkedAt);
  stopIfAborted();
  return writeRead(
    pipeline,
    { cluster, scope, startedAt, checkedAt, collection, aws, classified },
    stopIfAborted,
  );
}
