import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  awsFactsNeeded,
  classifyCluster,
  ClusterConfig,
  ClusterSnapshot,
} from '@ecr-access/plugin-ecr-access-node';
import type { EcrAccessCluster } from '@ecr-access/plugin-ecr-access-node/clients';
import type {
  AuditRunError,
  AuditRunRecord,
  EcrAccessStore,
} from '../database';
import type { AwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import { readAwsFacts } from '../collect/awsFacts';
import {
  describeIssuer,
  readPodIdentityAssociations,
} from '../collect/clusterAwsFacts';
import { ClusterCollection, collectCluster } from '../collect/collectCluster';
import { collectForEntity } from '../collect/collectForEntity';
import type { ClusterEndpoint } from '@ecr-access/plugin-ecr-access-node/clients';
import { createKubernetesGet } from '../collect/kubernetesClient';
import { CatalogEntity, hasMalformedSelector } from './catalogEntities';
import { countWorkloads, groupByEntity } from './groupByEntity';
import { relevantSelectors } from './relevantSelectors';

export interface ClusterAuditorOptions {
  store: EcrAccessStore;
  logger: LoggerService;
  aws: AwsClients;
  /** The Kubernetes plugin's details of each cluster, by name. */
  kubernetesClusters: Map<string, ClusterDetails>;
  resolveEndpoint(details: ClusterDetails): Promise<ClusterEndpoint>;
  now?: () => Date;
  kubernetes?: { timeoutMs?: number; requestsPerSecond?: number };
}

function engineConfig(
  cluster: EcrAccessCluster,
  issuer?: string,
): ClusterConfig {
  return {
    name: cluster.name,
    accountId: cluster.accountId,
    region: cluster.region,
    partition: cluster.partition,
    oidcIssuer: issuer,
    imagePullAuth: cluster.imagePullAuth,
    nodeRoleArns: cluster.nodeRoleArns,
    ...(cluster.fargate && { fargate: cluster.fargate }),
  };
}

/**
 * Thrown by an audit whose signal fired (task timeout or shutdown). The scheduler's lock on
 * the cluster may have expired and another replica may be auditing it: from then on this one
 * writes nothing, not even "unreachable", and leaves the cluster to that one.
 */
export class AuditAbortedError extends Error {
  readonly name = 'AuditAbortedError';
  constructor(cluster: string, reason: unknown) {
    super(`ecr-access audit of ${cluster} aborted: ${message(reason)}`);
  }
}

function message(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}

/**
 * One audit of one cluster: read it (a fixed number of LISTs), read the AWS facts it refers
 * to (each once), classify with the pure engine, store per (entity, cluster). A cluster that
 * cannot be reached keeps its last results, marked stale; other clusters are other tasks.
 */
export class ClusterAuditor {
  private readonly now: () => Date;

  constructor(private readonly options: ClusterAuditorOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * `signal` is the scheduler's: once it fires, no further Kubernetes request is sent and
   * nothing is written; the audit throws `AuditAbortedError`.
   */
  async audit(
    cluster: EcrAccessCluster,
    entities: CatalogEntity[],
    signal?: AbortSignal,
  ): Promise<AuditRunRecord> {
    const stopIfAborted = () => {
      if (!signal?.aborted) return;
      const aborted = new AuditAbortedError(cluster.name, signal.reason);
      // Logged here as well as thrown: it tells why the cluster has no run for this cadence.
      this.options.logger.warn(aborted.message, { cluster: cluster.name });
      throw aborted;
    };
    const startedAt = this.now();
    const errors: AuditRunError[] = [];
    let kubernetesRequests = 0;
    let snapshot: ClusterSnapshot;
    try {
      const endpoint = await this.endpointOf(cluster);
      const collection = await collectCluster(
        engineConfig(cluster, cluster.oidcIssuer),
        createKubernetesGet(endpoint, this.options.kubernetes, signal),
      );
      kubernetesRequests = collection.requests;
      snapshot = collection.snapshot;
      collection.errors.forEach(e =>
        errors.push({
          cluster: cluster.name,
          message: `${e.kind}: ${e.message}`,
        }),
      );
    } catch (error) {
      // An aborted list fails like an unreachable cluster; it is not one.
      stopIfAborted();
      return this.unreachable(
        cluster,
        entities,
        startedAt,
        message(error),
        kubernetesRequests,
      );
    }

    const checkedAt = this.now();
    const aws = await this.readAws(cluster, snapshot, errors);
    snapshot.entities = relevantSelectors(
      snapshot,
      entities.map(e => e.selector),
    );
    const statuses = classifyCluster(snapshot, aws.facts, checkedAt);
    const byEntity = groupByEntity(statuses);
    stopIfAborted();
    const written = await this.options.store.writeClusterResults({
      cluster: cluster.name,
      checkedAt,
      // Every audited entity, with no workloads where none matched: the store keeps rows
      // only where there are workloads, but gives an entity it has never seen its "no
      // workloads found" status, so that it is not a 404.
      // Entities without workloads here go as they are (the store ignores the selector):
      // no copy of the catalog per cluster.
      entities: entities.map(entity => {
        const workloads = byEntity.get(entity.entityRef);
        return workloads ? { ...entity, workloads } : entity;
      }),
    });
    const run: AuditRunRecord = {
      cluster: cluster.name,
      startedAt,
      finishedAt: this.now(),
      status: errors.length ? 'partial' : 'succeeded',
      entityCount: entities.length,
      workloadCount: statuses.length,
      counts: countWorkloads(statuses),
      errors,
      kubernetesRequests,
      awsRequests: aws.requests,
    };
    stopIfAborted();
    await this.options.store.recordRun(run);
    this.options.logger.info(
      `ecr-access audit of ${cluster.name}: ${run.workloadCount} workloads of ${run.entityCount} entities, ${written.changed} changed; ${kubernetesRequests} Kubernetes and ${aws.requests} AWS requests; ${errors.length} errors`,
      {
        cluster: cluster.name,
        byMechanism: JSON.stringify(run.counts.byMechanism),
        byHealth: JSON.stringify(run.counts.byHealth),
      },
    );
    return run;
  }

  /**
   * Re-checks one entity on one cluster now, with label-selected calls for its workloads and
   * namespace-scoped calls for what they use: a handful of requests, for the refresh button.
   * Writes only this entity's row. A cluster it cannot read is marked unreachable for this
   * entity only (its last known results stay, stale) and reported in `unreachable`.
   */
  async refresh(
    cluster: EcrAccessCluster,
    entity: CatalogEntity,
  ): Promise<{
    workloads: number;
    errors: AuditRunError[];
    unreachable?: { cluster: string; message: string };
  }> {
    const errors: AuditRunError[] = [];
    const { selector, ...audited } = entity;
    if (hasMalformedSelector(entity)) {
      // Nothing to ask the cluster: the selector matches nothing. The write keeps the finding.
      await this.options.store.writeClusterResults({
        cluster: cluster.name,
        checkedAt: this.now(),
        partial: true,
        entities: [{ ...audited, workloads: [] }],
      });
      return { workloads: 0, errors };
    }
    let collection: ClusterCollection;
    try {
      const endpoint = await this.endpointOf(cluster);
      collection = await collectForEntity(
        engineConfig(cluster, cluster.oidcIssuer),
        createKubernetesGet(endpoint, this.options.kubernetes),
        entity.selector,
      );
    } catch (error) {
      const unreachable = { cluster: cluster.name, message: message(error) };
      await this.options.store.markClusterUnreachable({
        cluster: cluster.name,
        checkedAt: this.now(),
        error: unreachable.message,
        entities: [audited],
        partial: true,
      });
      return { workloads: 0, errors: [unreachable], unreachable };
    }
    const checkedAt = this.now();
    const snapshot = { ...collection.snapshot, entities: [entity.selector] };
    const aws = await this.readAws(cluster, snapshot, errors);
    const statuses = classifyCluster(snapshot, aws.facts, checkedAt);
    // Only this entity's: the namespace's other CronJobs were read as possible refreshers.
    const workloads = groupByEntity(statuses).get(entity.entityRef) ?? [];
    await this.options.store.writeClusterResults({
      cluster: cluster.name,
      checkedAt,
      partial: true,
      entities: [{ ...audited, workloads }],
    });
    return { workloads: workloads.length, errors };
  }

  private async endpointOf(cluster: EcrAccessCluster) {
    const details = this.options.kubernetesClusters.get(cluster.name);
    if (!details) {
      throw new Error(
        `no cluster named '${cluster.name}' in kubernetes.clusterLocatorMethods`,
      );
    }
    return this.options.resolveEndpoint(details);
  }

  /** AWS facts for this cluster; failures leave facts unknown and are recorded. */
  private async readAws(
    cluster: EcrAccessCluster,
    snapshot: ClusterSnapshot,
    errors: AuditRunError[],
  ) {
    let requests = 0;
    const count = () => {
      requests++;
    };
    try {
      const eks = await this.options.aws.eks(cluster.accountId, cluster.region);
      if (!snapshot.cluster.oidcIssuer) {
        snapshot.cluster.oidcIssuer = await describeIssuer(
          eks,
          cluster.name,
          count,
        );
      }
      snapshot.podIdentityAssociations = await readPodIdentityAssociations(
        eks,
        cluster.name,
        count,
      );
    } catch (error) {
      errors.push({ cluster: cluster.name, message: `EKS: ${message(error)}` });
    }
    const result = await readAwsFacts(
      awsFactsNeeded(snapshot),
      this.options.aws,
    );
    result.errors.forEach(m =>
      errors.push({ cluster: cluster.name, message: m }),
    );
    requests += Object.values(result.operations).reduce((a, b) => a + b, 0);
    return { facts: result.facts, requests };
  }

  private async unreachable(
    cluster: EcrAccessCluster,
    entities: CatalogEntity[],
    startedAt: Date,
    error: string,
    kubernetesRequests: number,
  ): Promise<AuditRunRecord> {
    const checkedAt = this.now();
    // Unreachable for every entity the audit covers: any of them may run there. The store
    // records it once for the cluster and gives entities it has never seen a status.
    await this.options.store.markClusterUnreachable({
      cluster: cluster.name,
      checkedAt,
      error,
      entities,
    });
    const run: AuditRunRecord = {
      cluster: cluster.name,
      startedAt,
      finishedAt: checkedAt,
      status: 'failed',
      entityCount: 0,
      workloadCount: 0,
      counts: { byMechanism: {}, byHealth: {} },
      errors: [{ cluster: cluster.name, message: error }],
      kubernetesRequests,
      awsRequests: 0,
    };
    await this.options.store.recordRun(run);
    this.options.logger.warn(
      `ecr-access audit of ${cluster.name} failed; every entity shows it as unreachable and keeps its last results there, marked stale: ${error}`,
    );
    return run;
  }
}
