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
}

/**
 * One change of an entity's status.
 *
 * @public
 */
export interface EntityHistoryEntry {
  changedAt: string;
  health: Health;
  mechanisms: PullAuth[];
  findingCodes: FindingCode[];
  stale: boolean;
  summary: string;
}

/**
 * Filters of the audit list; every given filter must match.
 *
 * @public
 */
export interface AuditFilter {
  mechanism?: PullAuth;
  health?: Health;
  /** The owner's entity ref, e.g. `group:default/team-a`. */
  owner?: string;
  cluster?: string;
  /** Entities with at least one finding of this code. */
  finding?: FindingCode;
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
  offset?: number;
  limit?: number;
  orderBy?: AuditOrderField;
  order?: 'asc' | 'desc';
}

/**
 * One entity in the audit list.
 *
 * @public
 */
export interface AuditItem {
  entityRef: string;
  title?: string;
  owner?: string;
  health: Health;
  mechanisms: PullAuth[];
  findingCodes: FindingCode[];
  clusters: string[];
  stale: boolean;
  checkedAt: string;
  summary: string;
}

/**
 * Counts by mechanism and by health.
 *
 * @public
 */
export interface AuditCounts {
  byMechanism: Partial<Record<PullAuth, number>>;
  byHealth: Partial<Record<Health, number>>;
}

/**
 * A page of the audit, with counts over every matching entity (not only the page).
 *
 * @public
 */
export interface AuditResponse {
  items: AuditItem[];
  totalCount: number;
  summary: AuditCounts;
}

/**
 * One audit run of one cluster.
 *
 * @public
 */
export interface AuditRun {
  id: number;
  cluster: string;
  startedAt: string;
  finishedAt?: string;
  status: 'succeeded' | 'failed' | 'partial';
  entityCount: number;
  workloadCount: number;
  counts: AuditCounts;
  errors: Array<{ cluster?: string; message: string }>;
  kubernetesRequests: number;
  awsRequests: number;
}
