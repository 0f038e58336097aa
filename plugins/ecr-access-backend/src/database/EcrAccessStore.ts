import type {
  AuditCounts,
  AuditFilter,
  AuditItem,
  AuditOrderField,
  AuditQuery,
  AuditRun,
  AuditRunsQuery,
  ClusterAuditState,
  ClusterPullSetup,
  EntityHistoryEntry,
  EntityStatus,
  Finding,
  HistoryQuery,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import type { StoredAuditFacets } from './auditFacets';

// The wire types are -common's (its `api/` contract): the store reads and filters in their
// words. It declares only what is not on the wire, under names of its own: write inputs,
// runs as recorded, and list rows with the catalog name parts.
export type { AuditCounts, AuditOrderField, EntityHistoryEntry };

/** The catalog facts of an entity that the audit list shows and filters on. */
export interface AuditedEntity {
  /** e.g. `component:default/payments-api`; compared case-insensitively. */
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  /** The owner's entity ref (`spec.owner`, resolved to a ref). */
  owner?: string;
  title?: string;
  /**
   * Findings about the catalog entity itself, e.g. INPUT_MALFORMED for an unparsable
   * `backstage.io/kubernetes-label-selector`; stored with it and part of its status.
   */
  inputFindings?: Finding[];
}

/** What one audit of one cluster found for one entity. */
export interface EntityClusterResult extends AuditedEntity {
  /**
   * The entity's workloads in this cluster; empty or absent when none matched its selector
   * (absent lets an audit pass its catalog entities as they are, without a copy per cluster).
   */
  workloads?: WorkloadStatus[];
}

/** The results of one audit (or one on-demand refresh) of one cluster. */
export interface ClusterResults {
  cluster: string;
  /** When the cluster was read; also dates the sentence and any history row. */
  checkedAt: Date;
  /**
   * Every audited entity, with `workloads: []` where none matched in this cluster: an entity
   * never written has no status (404), one without workloads reads "No workloads found"
   * once it has a status (see `EcrAccessStore.createMissingEntities`).
   */
  entities: EntityClusterResult[];
  /**
   * `false` (the default) for a scheduled audit, whose results are the whole cluster: rows
   * of this cluster for entities not listed are removed. `true` for an on-demand refresh of
   * some entities, which leaves the cluster's other rows alone.
   */
  partial?: boolean;
}

/** A cluster an audit (or a refresh) could not read. */
export interface ClusterUnreachable {
  cluster: string;
  checkedAt: Date;
  /** A short reason, without tokens or secret content. */
  error: string;
  /** The entities the read covered: they get a status if they have none yet. */
  entities?: AuditedEntity[];
  /** A refresh: only `entities` are marked, in their own rows (see the store). */
  partial?: boolean;
}

/** What a write changed, for the audit's log line and run record. */
export interface WriteSummary {
  /** Entities whose aggregate was recomputed. */
  entities: number;
  /** Entities whose status changed, i.e. that got a history row. */
  changed: number;
}

/**
 * Per-cluster error of an audit run, as recorded: the router serves each with a stable code
 * and without endpoints (-common's AuditRunError, see `service/auditErrors.ts`). Must not
 * hold tokens or secret content.
 */
export interface RecordedRunError {
  cluster?: string;
  message: string;
}

/** A stored audit run: the run the API serves, but with its errors as recorded. */
export interface StoredAuditRun extends Omit<AuditRun, 'errors'> {
  errors: RecordedRunError[];
}

/** A cluster's pull set-up as one audit read it. */
export interface ClusterPullSetupRecord {
  /** When the cluster was read (its results' `checkedAt`). */
  readAt: Date;
  /** Role ARNs, names and counts only: nothing secret. */
  setup: ClusterPullSetup;
}

/**
 * One audit run of one cluster, as the audit records it: times as Dates, no id yet, and the
 * pull set-up it read (absent when it read none). The set-up is not part of
 * {@link StoredAuditRun}: `GET /audit/runs` does not serve it; {@link StoredClusterPullSetup}
 * reads it back.
 */
export interface AuditRunRecord
  extends Omit<StoredAuditRun, 'id' | 'startedAt' | 'finishedAt'> {
  startedAt: Date;
  finishedAt?: Date;
  pullSetup?: ClusterPullSetupRecord;
}

/** One cluster's latest pull set-up and reachability, as stored. */
export interface StoredClusterPullSetup {
  cluster: string;
  /**
   * The cluster's latest audit (reachable or not, since when, why), its error as recorded
   * (the router redacts it); absent before its first audit.
   */
  state?: ClusterAuditState;
  /** The set-up of the latest run that read the cluster; absent when none has. */
  pullSetup?: ClusterPullSetup;
  /** ISO time `pullSetup` was read. */
  readAt?: string;
}

/** The stored status of one entity. */
export interface StoredEntityStatus {
  entity: AuditedEntity;
  status: EntityStatus;
  /** The sentence for people, as of `status.checkedAt`. */
  summary: string;
}

/**
 * Filters of the audit list and its summary: the wire's (every given filter must match),
 * plus the caller's visibility.
 */
export interface StoredAuditFilter extends AuditFilter {
  /** Only these entities (the caller's visibility); absent means no restriction. */
  entityRefs?: string[];
  /**
   * Owners of these refs, in place of `owner`: the owners the wire's `owner` names by ref,
   * name or display name, which the router resolves (display names are the catalog's).
   */
  owners?: string[];
  /**
   * With `q`: the owners whose display name holds it, whose entities `q` then matches too
   * (the router resolves them: display names are the catalog's, not stored).
   */
  qOwners?: string[];
}

/**
 * A page of the audit list: the filters, with the wire's paging and order; `after` is a
 * previous page's `nextCursor`, read in the same order.
 */
export type AuditListOptions = StoredAuditFilter &
  Pick<AuditQuery, 'orderBy' | 'order' | 'offset' | 'limit' | 'after'>;

/** A page of the audit list without its count, and where the next page starts. */
export interface AuditListPage {
  items: AuditListRow[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/** One row of the audit list: the served item, with the entity's catalog name parts. */
export interface AuditListRow extends AuditItem {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Stores what the audit finds and serves it. The scheduled audit writes one cluster at a
 * time (DESIGN.md "Scale-out"); the API only reads.
 */
export interface EcrAccessStore {
  /**
   * Stores a cluster's results, recomputes the aggregate of every entity they touch and
   * writes a history row for each entity whose status changed. A scheduled audit's
   * entities without workloads here (and none before) are left as they are: those with no
   * status yet get one from createMissingEntities. A refresh (`partial`) stores one for
   * the entities it names that have none.
   */
  writeClusterResults(results: ClusterResults): Promise<WriteSummary>;

  /**
   * Records that a cluster could not be read; never erases results.
   *
   * A scheduled audit (`partial` false): the cluster is unreachable for every entity, since
   * any of them may run there. One row for the cluster records it; every entity's aggregate
   * is recomputed only when the cluster's reachability changes (and entities of `entities`
   * with no status yet get one, "not yet checked" if nothing else was read).
   * A refresh (`partial` true): only the `entities` given are marked, in their own rows.
   * Changes nothing when a newer read of the cluster is stored.
   */
  markClusterUnreachable(options: ClusterUnreachable): Promise<WriteSummary>;

  /**
   * Gives each of `entities` with no stored status one: "No workloads found" on the clusters
   * read so far, or "not yet checked" before any read. The audit calls it once per catalog
   * read, before the cluster writes, which then touch only the entities with workloads on
   * their cluster (or that had some); returns how many it created.
   */
  createMissingEntities(entities: Iterable<AuditedEntity>): Promise<number>;

  /** Removes every entity not listed (the catalog sweep); returns how many went. */
  removeEntitiesNotIn(entityRefs: Iterable<string>): Promise<number>;

  recordRun(run: AuditRunRecord): Promise<StoredAuditRun>;
  listRuns(options?: AuditRunsQuery): Promise<StoredAuditRun[]>;
  /**
   * Per cluster named, in that order: its latest stored pull set-up (from the latest run
   * that read one) and its reachability.
   */
  clusterPullSetups(clusters: string[]): Promise<StoredClusterPullSetup[]>;

  /**
   * The entity's stored status, with `clusters` completed by the clusters read where it has
   * no workloads. With `ifNotAudited`, an entity never written gets a "not yet checked"
   * status (no read covered it yet, whatever the clusters' state), computed and not stored.
   */
  getEntityStatus(
    entityRef: string,
    options?: { ifNotAudited?: AuditedEntity },
  ): Promise<StoredEntityStatus | undefined>;

  /** When an audit of some cluster last completed with a read (succeeded or partial). */
  lastCompletedAudit(): Promise<string | undefined>;
  getHistory(
    entityRef: string,
    options?: HistoryQuery,
  ): Promise<EntityHistoryEntry[]>;

  /** A page and the count of every entity matching its filters. */
  listAudit(
    options: AuditListOptions,
  ): Promise<AuditListPage & { totalCount: number }>;
  /** A page alone: what the CSV export reads, page after page. */
  listAuditPage(options: AuditListOptions): Promise<AuditListPage>;
  summarize(filter: StoredAuditFilter): Promise<AuditCounts>;
  /** The owners, clusters, mechanisms and findings of the entities the filter lets through. */
  auditFacets(
    filter: Pick<StoredAuditFilter, 'entityRefs'>,
  ): Promise<StoredAuditFacets>;
}

export type { StoredAuditFacets };
