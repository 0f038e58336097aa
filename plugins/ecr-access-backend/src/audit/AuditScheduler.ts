import type {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EcrAccessCluster } from '@ecr-access/plugin-ecr-access-node/clients';
import type { EcrAccessStore } from '../database';
import {
  CatalogEntity,
  readAuditedEntities,
  toCatalogEntity,
} from './catalogEntities';
import { clusterScope, entityScope, type RunAudit } from './pipeline';
import pLimit from 'p-limit';
import { SingleFlight } from './singleFlight';

export interface AuditSchedulerOptions {
  scheduler: SchedulerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
  logger: LoggerService;
  auth: AuthService;
  catalog: CatalogService;
  store: EcrAccessStore;
  /** The audit pipeline, run once per cluster with the scope of the task or refresh. */
  runAudit: RunAudit;
  clusters: EcrAccessCluster[];
  /** Scheduled cluster audits this instance runs at once (`ecrAccess.auditConcurrency`). */
  clusterConcurrency?: number;
}

/**
 * Cluster audits one instance runs at once by default. Every cluster task of a cadence is due
 * at the same moment; each holds its cluster's objects, AWS facts and results until written,
 * so 50 at once hold 50 clusters' worth. An audit is mostly CPU (the engine) with short waits
 * on the API servers: a few at a time finish the cadence as soon, in bounded memory.
 */
export const DEFAULT_CLUSTER_CONCURRENCY = 4;

/** The scheduler task id of a cluster's audit. */
export const auditTaskId = (cluster: string) => `ecr-access-audit:${cluster}`;
export const SWEEP_TASK_ID = 'ecr-access-catalog-sweep';
const ENTITIES_TTL_MS = 60_000;

/**
 * Schedules the audit on Backstage's own scheduler: one global task per cluster, so that
 * replicas sharing a database share the clusters (the scheduler's lock runs each task on one
 * replica per cadence) and a slow cluster delays no other; and one sweep that forgets
 * entities that left the catalog (DESIGN.md, "Scale-out").
 */
export class AuditScheduler {
  private entities?: { readAt: number; list: Promise<CatalogEntity[]> };
  /** Refreshes of one entity at once share one check (per replica). */
  private readonly refreshes = new SingleFlight<
    Awaited<ReturnType<AuditScheduler['checkEntityNow']>>
  >();

  /** The scheduled cluster audits of this instance take turns here. */
  private readonly clusterSlots: ReturnType<typeof pLimit>;

  constructor(private readonly options: AuditSchedulerOptions) {
    this.clusterSlots = pLimit(
      options.clusterConcurrency ?? DEFAULT_CLUSTER_CONCURRENCY,
    );
  }

  /**
   * The audited entities, read from the catalog at most once a minute per replica: the
   * cluster tasks of one cadence start together, and each would otherwise page through the
   * whole catalog again. Those with no stored status get one before any cluster task of
   * the cadence writes (see withStatuses).
   */
  private auditedEntities(): Promise<CatalogEntity[]> {
    const now = Date.now();
    if (!this.entities || now - this.entities.readAt > ENTITIES_TTL_MS) {
      const list = this.options.auth
        .getOwnServiceCredentials()
        .then(credentials =>
          readAuditedEntities(this.options.catalog, credentials),
        )
        .then(entities => this.withStatuses(entities));
      // A failed read is not kept: the next task tries again.
      list.catch(() => {
        if (this.entities?.list === list) this.entities = undefined;
      });
      this.entities = { readAt: now, list };
    }
    return this.entities.list;
  }

  /**
   * Stores a first status for the entities that have none ("No workloads found" on the
   * clusters read so far, or "not yet checked"), once per catalog read rather than in every
   * cluster's write: each cluster's write then touches only the entities with workloads on
   * it. A failure is logged, not the audit's: an entity without a row is served as "not yet
   * checked" (never ok) until the next catalog read creates it.
   */
  private async withStatuses(
    entities: CatalogEntity[],
  ): Promise<CatalogEntity[]> {
    try {
      const created = await this.options.store.createMissingEntities(entities);
      if (created > 0) {
        this.options.logger.info(
          `ecr-access stored a first status for ${created} entities new to the audit`,
        );
      }
    } catch (error) {
      this.options.logger.warn(
        `ecr-access could not store a first status for the entities new to the audit; they read "not yet checked" until the next audit: ${error}`,
      );
    }
    return entities;
  }

  async start(): Promise<void> {
    const { scheduler, schedule, clusters } = this.options;
    for (const cluster of clusters) {
      await scheduler.scheduleTask({
        ...schedule,
        id: auditTaskId(cluster.name),
        scope: 'global',
        // The signal fires on task timeout (the lock is about to expire) and on shutdown.
        fn: async signal => {
          await this.auditCluster(cluster, signal);
        },
      });
    }
    await scheduler.scheduleTask({
      ...schedule,
      id: SWEEP_TASK_ID,
      scope: 'global',
      fn: async () => {
        await this.sweep();
      },
    });
  }

  /**
   * One cluster's audit, also what the task runs. A failure is a run record; it throws only
   * once `signal` has fired (`AuditAbortedError`), and then writes nothing more.
   */
  auditCluster(cluster: EcrAccessCluster, signal?: AbortSignal) {
    // A task waiting for its turn still holds its cluster's lock: its timeout counts the wait,
    // and a signal fired meanwhile stops it at its first request.
    return this.clusterSlots(() => this.auditClusterNow(cluster, signal));
  }

  private async auditClusterNow(
    cluster: EcrAccessCluster,
    signal?: AbortSignal,
  ) {
    // Which replica took this cluster's cadence: with several replicas, the one to look at.
    this.options.logger.debug(`ecr-access audit of ${cluster.name} started`, {
      cluster: cluster.name,
    });
    const outcome = await this.options.runAudit(
      cluster,
      clusterScope(await this.auditedEntities()),
      signal,
    );
    return outcome.run;
  }

  /**
   * Re-checks one entity on every cluster now (the refresh button). Read permission was
   * checked by the caller. Concurrent refreshes of the entity share one check.
   */
  refreshEntity(entityRef: string) {
    return this.refreshes.run(entityRef, () => this.checkEntityNow(entityRef));
  }

  /** The refresh's check; the catalog is read here with the plugin's own credentials. */
  private async checkEntityNow(entityRef: string) {
    const found = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    const entity = found && toCatalogEntity(found);
    if (!entity) throw new NotFoundError(`${entityRef} is not in the catalog`);
    if (
      !entity.selector.kubernetesId &&
      !entity.selector.labelSelector &&
      !entity.inputFindings
    ) {
      // The caller can read the entity (checked before): saying why reveals nothing.
      throw new InputError(
        `${entityRef} has no backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation: there are no workloads to re-check`,
      );
    }
    // Where the last audit found its workloads: a refresh reads them again, never drops them.
    const stored = await this.options.store.getEntityStatus(entityRef);
    const known: Record<string, string[]> = Object.create(null);
    for (const w of stored?.status.workloads ?? []) {
      (known[w.cluster] ??= []).push(w.namespace);
    }
    // The same pipeline as the scheduled audit, on every cluster, scoped to this entity.
    const results = await Promise.all(
      this.options.clusters.map(cluster =>
        this.options.runAudit(cluster, entityScope(entity, known)),
      ),
    );
    return {
      workloads: results.reduce((sum, r) => sum + r.entityWorkloads, 0),
      errors: results.flatMap(r => r.run.errors),
      /** The clusters this refresh could not read, with why. */
      unreachable: results.flatMap(r => (r.unreachable ? [r.unreachable] : [])),
    };
  }

  /** Removes the stored status of entities that are no longer in the catalog. */
  async sweep(): Promise<number> {
    // Fresh, never cached: removing a status must not rest on an old view of the catalog.
    const entities = await readAuditedEntities(
      this.options.catalog,
      await this.options.auth.getOwnServiceCredentials(),
    );
    const removed = await this.options.store.removeEntitiesNotIn(
      entities.map(e => e.entityRef),
    );
    if (removed > 0) {
      this.options.logger.info(
        `ecr-access removed the status of ${removed} entities that left the catalog`,
      );
    }
    return removed;
  }
}
