import type {
  EntityStatus,
  FindingCode,
  Health,
  PullAuth,
} from '@ecr-access/plugin-ecr-access-common';

/**
 * An entity's status as the backend serves it: the stored status plus the sentence for people.
 *
 * @public
 */
export interface EntityStatusResponse extends EntityStatus {
  /** One sentence, e.g. "Pulls use IRSA (role web-pull) on prod-use1". */
  summary: string;
  /**
   * In the answer to a refresh only: the clusters it could not read, with why (URLs
   * redacted). The status marks them unreachable too.
   */
  unreachableClusters?: Array<{ cluster: string; error: string }>;
}

/**
 * One change of an entity's status.
 *
 * @public
 */
export interface EntityHistoryEntry {
  /** ISO time of the change. */
  changedAt: string;
  /** Health after the change. */
  health: Health;
  /** Pull mechanisms after the change. */
  mechanisms: PullAuth[];
  /** Finding codes after the change. */
  findingCodes: FindingCode[];
  /** Whether the status was stale after the change. */
  stale: boolean;
  /** The sentence for people after the change. */
  summary: string;
}

/**
 * Filters of the audit list; every given filter must match.
 *
 * @public
 */
export interface AuditFilter {
  /** Entities with at least one workload pulling this way. */
  mechanism?: PullAuth;
  /** Entities of this health. */
  health?: Health;
  /** The owner's entity ref, e.g. `group:default/team-a`. */
  owner?: string;
  /** Entities with workloads in this cluster. */
  cluster?: string;
  /** Entities with at least one finding of this code. */
  finding?: FindingCode;
  /** Only stale (`true`) or only fresh (`false`) statuses. */
  stale?: boolean;
  /** Case-insensitive text in the entity ref, title or sentence. */
  q?: string;
}

/**
 * Fields the audit list can be sorted by.
 *
 * @public
 */
export type AuditOrderField = 'entityRef' | 'health' | 'checkedAt' | 'owner';

/**
 * A page request of the audit list.
 *
 * @public
 */
export interface AuditQuery extends AuditFilter {
  /** Rows to skip (default 0). */
  offset?: number;
  /** Page size, 1-500 (default 50). */
  limit?: number;
  /** Sort field (default `entityRef`). */
  orderBy?: AuditOrderField;
  /** Sort direction (default `asc`); `health` with `desc` sorts worst first. */
  order?: 'asc' | 'desc';
}

/**
 * One entity in the audit list.
 *
 * @public
 */
export interface AuditItem {
  /** The entity, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** The entity's title, when it has one. */
  title?: string;
  /** The owner's entity ref. */
  owner?: string;
  /** Worst health of the entity's workloads. */
  health: Health;
  /** Every pull mechanism among the entity's workloads. */
  mechanisms: PullAuth[];
  /** Codes of the entity's findings. */
  findingCodes: FindingCode[];
  /** Clusters the entity's workloads run in. */
  clusters: string[];
  /** True when the last audit could not reach one of the clusters. */
  stale: boolean;
  /** ISO time of the oldest cluster result included. */
  checkedAt: string;
  /** The sentence for people. */
  summary: string;
}

/**
 * Counts by mechanism and by health.
 *
 * @public
 */
export interface AuditCounts {
  /** Entities per pull mechanism (an entity with two mechanisms counts in both). */
  byMechanism: Partial<Record<PullAuth, number>>;
  /** Entities per health. */
  byHealth: Partial<Record<Health, number>>;
}

/**
 * A page of the audit, with counts over every matching entity (not only the page).
 *
 * @public
 */
export interface AuditResponse {
  /** The page. */
  items: AuditItem[];
  /** Entities matching the filters, over all pages. */
  totalCount: number;
  /** Counts over every matching entity. */
  summary: AuditCounts;
  /** False until an audit of some cluster has read it: an empty list then means "not yet". */
  auditCompleted?: boolean;
  /** ISO end of the latest audit run that read its cluster; null before the first. */
  lastCompletedAt?: string | null;
}

/**
 * One audit run of one cluster.
 *
 * @public
 */
export interface AuditRun {
  /** The run's id. */
  id: number;
  /** The cluster this run audited. */
  cluster: string;
  /** ISO start time. */
  startedAt: string;
  /** ISO end time; absent while running. */
  finishedAt?: string;
  /** How the run ended. */
  status: 'succeeded' | 'failed' | 'partial';
  /** Catalog entities the run looked for. */
  entityCount: number;
  /** Workloads the run classified. */
  workloadCount: number;
  /** Counts of the run's results. */
  counts: AuditCounts;
  /**
   * Errors, per cluster where known: a stable code (e.g. `CONNECTION_REFUSED`, `TIMEOUT`,
   * `FORBIDDEN`) and a message with URLs, host names and IP addresses removed; never tokens
   * or secret content.
   */
  errors: Array<{ cluster?: string; code?: string; message: string }>;
  /** Kubernetes API requests the run made. */
  kubernetesRequests: number;
  /** AWS API requests the run made. */
  awsRequests: number;
}
