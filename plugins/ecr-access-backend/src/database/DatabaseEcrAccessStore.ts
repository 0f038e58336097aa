import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import {
  AuditCounts,
  AuditListOptions,
  AuditListPage,
  AuditRunRecord,
  AuditedEntity,
  ClusterResults,
  ClusterUnreachable,
  EcrAccessStore,
  EntityHistoryEntry,
  StoredAuditFacets,
  StoredAuditFilter,
  StoredAuditRun,
  StoredClusterPullSetup,
  StoredEntityStatus,
  WriteSummary,
} from './EcrAccessStore';
import type {
  AuditRunsQuery,
  HistoryQuery,
} from '@ecr-access/plugin-ecr-access-common';
import * as audit from './auditQueries';
import { clustersNamed, compactCounts, countsFromTable } from './auditCounts';
import { AuditCountsCache } from './auditCountsCache';
import { auditFacets } from './auditFacets';
import * as runs from './auditRuns';
import { clusterPullSetups } from './clusterPullSetups';
import * as reads from './entityReads';
import * as writes from './clusterWrites';
import { createMissingEntities } from './missingEntities';
import * as unreachable from './unreachableWrites';
import type { AggregateEntityStatus } from './aggregateEntityStatus';

/**
 * From this many matching entities a sorted page walks the sort's index rather than sorting
 * every match: 500 of 50,000 match 1 in 100, so the walk reads about 2,600 index entries to
 * find a page of 26, about what reading and sorting the 500 would cost.
 */
const WALK_ORDER_FROM = 500;

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
    return this.thenFoldCounts(
      writes.writeClusterResults(this.db, results, this.aggregate),
    );
  }

  markClusterUnreachable(options: ClusterUnreachable): Promise<WriteSummary> {
    return this.thenFoldCounts(
      unreachable.markClusterUnreachable(this.db, options, this.aggregate),
    );
  }

  createMissingEntities(entities: Iterable<AuditedEntity>): Promise<number> {
    return this.thenFoldCounts(
      createMissingEntities(this.db, entities, this.aggregate),
    );
  }

  removeEntitiesNotIn(entityRefs: Iterable<string>): Promise<number> {
    return this.thenFoldCounts(writes.removeEntitiesNotIn(this.db, entityRefs));
  }

  /**
   * After a write, its count changes folded with the others' (see compactCounts): once per
   * cluster written, not per batch, so that the fold is not itself what writers queue on.
   */
  private async thenFoldCounts<T>(write: Promise<T>): Promise<T> {
    const written = await write;
    await compactCounts(this.db);
    return written;
  }

  recordRun(run: AuditRunRecord): Promise<StoredAuditRun> {
    return runs.recordRun(this.db, run);
  }

  listRuns(options?: AuditRunsQuery): Promise<StoredAuditRun[]> {
    return runs.listRuns(this.db, { ...options, limit: options?.limit ?? 20 });
  }

  clusterPullSetups(clusters: string[]): Promise<StoredClusterPullSetup[]> {
    return clusterPullSetups(this.db, clusters);
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

  async listAudit(
    options: AuditListOptions,
  ): Promise<AuditListPage & { totalCount: number }> {
    const resolved = await this.resolveCluster(options);
    const { orderBy, order, offset, limit, after, ...filter } = resolved;
    // The count first (kept, or cached): it decides how the page is read.
    const totalCount = await this.total(filter);
    const page = await audit.listAuditPage(
      this.db,
      resolved,
      totalCount >= WALK_ORDER_FROM,
      true,
    );
    return { ...page, totalCount };
  }

  /** Every page of an export walks its sort's index: each continues where the last ended. */
  async listAuditPage(options: AuditListOptions): Promise<AuditListPage> {
    return audit.listAuditPage(
      this.db,
      await this.resolveCluster(options),
      true,
    );
  }

  /** From the counts kept on write where they answer, else counted by index (and kept). */
  async summarize(filter: StoredAuditFilter): Promise<AuditCounts> {
    const resolved = await this.resolveCluster(filter);
    const kept = await countsFromTable(this.db, resolved);
    if (kept?.summary) return kept.summary;
    return this.counts.get('summary', resolved, () =>
      audit.summarize(this.db, resolved),
    );
  }

  auditFacets(
    filter: Pick<StoredAuditFilter, 'entityRefs'>,
  ): Promise<StoredAuditFacets> {
    return this.counts.get('facets', filter, () =>
      auditFacets(this.db, filter),
    );
  }

  private async total(filter: audit.ResolvedAuditFilter): Promise<number> {
    const kept = await countsFromTable(this.db, filter);
    if (kept) return kept.totalCount;
    return this.counts.get('total', filter, () =>
      audit.countAudit(this.db, filter),
    );
  }

  /**
   * The wire's cluster as the stored names it matches without regard to case (from the
   * counts table: a few rows). One name stays `cluster`, which the counts table answers.
   */
  private async resolveCluster<T extends StoredAuditFilter>(
    filter: T,
  ): Promise<T & audit.ResolvedAuditFilter> {
    if (filter.cluster === undefined) return filter;
    const clusters = await clustersNamed(this.db, filter.cluster);
    return clusters.length === 1
      ? { ...filter, cluster: clusters[0] }
      : { ...filter, cluster: undefined, clusters };
  }
}
