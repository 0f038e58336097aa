import type {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EcrAccessCluster } from '../config/clusters';
import type { EcrAccessStore } from '../database';
import { readAuditedEntities } from './catalogEntities';
import { ClusterAuditor } from './ClusterAuditor';

export interface AuditSchedulerOptions {
  scheduler: SchedulerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
  logger: LoggerService;
  auth: AuthService;
  catalog: CatalogService;
  store: EcrAccessStore;
  auditor: ClusterAuditor;
  clusters: EcrAccessCluster[];
}

/** The scheduler task id of a cluster's audit. */
export const auditTaskId = (cluster: string) => `ecr-access-audit:${cluster}`;
export const SWEEP_TASK_ID = 'ecr-access-catalog-sweep';

/**
 * Schedules the audit on Backstage's own scheduler: one global task per cluster, so that
 * replicas sharing a database share the clusters (the scheduler's lock runs each task on one
 * replica per cadence) and a slow cluster delays no other; and one sweep that forgets
 * entities that left the catalog (DESIGN.md, "Scale-out").
 */
export class AuditScheduler {
  constructor(private readonly options: AuditSchedulerOptions) {}

  async start(): Promise<void> {
    const { scheduler, schedule, clusters } = this.options;
    for (const cluster of clusters) {
      await scheduler.scheduleTask({
        ...schedule,
        id: auditTaskId(cluster.name),
        scope: 'global',
        fn: async () => {
          await this.auditCluster(cluster);
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

  /** One cluster's audit, also what the task runs. Never throws: a failure is a run record. */
  async auditCluster(cluster: EcrAccessCluster) {
    const entities = await readAuditedEntities(
      this.options.catalog,
      await this.options.auth.getOwnServiceCredentials(),
    );
    return this.options.auditor.audit(cluster, entities);
  }

  /** Removes the stored status of entities that are no longer in the catalog. */
  async sweep(): Promise<number> {
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
