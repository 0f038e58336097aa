import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import {
  AuditCounts,
  AuditListOptions,
  AuditListRow,
  AuditRunRecord,
  AuditedEntity,
  ClusterResults,
  ClusterUnreachable,
  EcrAccessStore,
  EntityHistoryEntry,
  StoredAuditFilter,
  StoredAuditRun,
  StoredEntityStatus,
  WriteSummary,
} from './EcrAccessStore';
import type {
  AuditRunsQuery,
  HistoryQuery,
} from '@ecr-access/plugin-ecr-access-common';
import * as audit from './auditQueries';
import { AuditCountsCache } from './auditCountsCache';
import * as runs from './auditRuns';
import * as reads from './entityReads';
import * as writes from './clusterWrites';
import * as unreachable from './unreachableWrites';
import type { AggregateEntityStatus } from './aggregateEntityStatus';

const migrationsDir = resolvePackagePath(
  '@ecr-access/plugin-ecr-access-backend',
  'migrations',
);

/**
 * The {@link EcrAccessStore} on the plugin's database (PostgreSQL or SQLite). It persists and
 * reads; an entity's status is computed by `aggregate`, the audit's classify stage, which
 * the store calls inside its write transactions.
 */
export class DatabaseEcrAccessStore implements EcrAccessStore {
  static async create(options: {
    database: DatabaseService;
    aggregate: AggregateEntityStatus;
    skipMigrations?: boolean;
  }): Promise<DatabaseEcrAccessStore> {
    const { database } = options;
    const client = await database.getClient();
    if (!options.skipMigrations && !database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseEcrAccessStore(client, options.aggregate);
  }

  private readonly counts: AuditCountsCache;

  protected constructor(
    private readonly db: Knex,
    private readonly aggregate: AggregateEntityStatus,
  ) {
    this.counts = new AuditCountsCache(db);
  }

  writeClusterResults(results: ClusterResults): Promise<WriteSummary> {
    return writes.writeClusterResults(this.db, results, this.aggregate);
  }

  markClusterUnreachable(options: ClusterUnreachable): Promise<WriteSummary> {
    return unreachable.markClusterUnreachable(this.db, options, this.aggregate);
  }

  removeEntitiesNotIn(entityRefs: Iterable<string>): Promise<number> {
    return writes.removeEntitiesNotIn(this.db, entityRefs);
  }

  recordRun(run: AuditRunRecord): Promise<StoredAuditRun> {
    return runs.recordRun(this.db, run);
  }

  listRuns(options?: AuditRunsQuery): Promise<StoredAuditRun[]> {
    return runs.listRuns(this.db, { ...options, limit: options?.limit ?? 20 });
  }

  getEntityStatus(
    entityRef: string,
    options?: { ifNotAudited?: AuditedEntity },
  ): Promise<StoredEntityStatus | undefined> {
    return reads.getEntityStatus(
      this.db,
      entityRef,
      this.aggregate,
      options?.ifNotAudited,
    );
  }

  lastCompletedAudit(): Promise<string | undefined> {
    return runs.lastCompletedAudit(this.db);
  }

  getHistory(
    entityRef: string,
    options?: HistoryQuery,
  ): Promise<EntityHistoryEntry[]> {
    return reads.getHistory(this.db, entityRef, options?.limit ?? 50);
  }

  listAudit(
    options: AuditListOptions,
  ): Promise<{ items: AuditListRow[]; totalCount: number }> {
    return audit.listAudit(this.db, options, filter =>
      this.counts.get('total', filter, () => audit.countAudit(this.db, filter)),
    );
  }

  summarize(filter: StoredAuditFilter): Promise<AuditCounts> {
    return this.counts.get('summary', filter, () =>
      audit.summarize(this.db, filter),
    );
  }
}
