import type { Knex } from 'knex';
import type { WorkloadStatus } from '@ecr-access/plugin-ecr-access-common';

export const CLUSTER_RESULTS = 'ecr_access_cluster_results';
export const ENTITIES = 'ecr_access_entities';
export const FACETS = 'ecr_access_entity_facets';
export const HISTORY = 'ecr_access_history';
export const RUNS = 'ecr_access_audit_runs';
export const CLUSTERS = 'ecr_access_clusters';
export const COUNTS = 'ecr_access_audit_count_changes';

/** A time as the drivers hand it back: Date (pg), epoch millis or text (SQLite). */
export type DbTime = Date | number | string;

export interface ClusterResultRow {
  entity_ref: string;
  cluster: string;
  workloads: string;
  health: string;
  checked_at: DbTime;
  stale: boolean | number;
  unreachable_since: DbTime | null;
  error: string | null;
  /** Not a column: `workloads` unparsed, on a row the writer holds rather than read. */
  workloadList?: WorkloadStatus[];
}

export interface EntityRow {
  entity_ref: string;
  kind: string;
  namespace: string;
  name: string;
  owner: string | null;
  title: string | null;
  health: string;
  /** `health` as its sort order (migration 20261203); the index of the health sort. */
  health_rank?: number;
  stale: boolean | number;
  /** `status.checked` (migration 20261205): false while no cluster it may run on was read. */
  checked?: boolean | number;
  checked_at: DbTime;
  summary: string;
  status: string;
  status_hash: string;
  /** Finding[] about the catalog entity itself (JSON), or null. */
  input_findings?: string | null;
}

/** The latest audit of one cluster (one row per cluster, not per entity). */
export interface ClusterStateRow {
  cluster: string;
  reachable: boolean | number;
  checked_at: DbTime;
  last_success_at: DbTime | null;
  unreachable_since: DbTime | null;
  error: string | null;
  settled: boolean | number;
}

export type FacetName = 'mechanism' | 'finding' | 'cluster' | 'runtime';

export interface FacetRow {
  entity_ref: string;
  facet: FacetName;
  value: string;
}

export interface HistoryRow {
  entity_ref: string;
  changed_at: Date;
  health: string;
  stale: boolean;
  mechanisms: string;
  finding_codes: string;
  summary: string;
  status_hash: string;
}

export interface RunRow {
  id: number | string;
  cluster: string;
  started_at: DbTime;
  finished_at: DbTime | null;
  status: string;
  entity_count: number;
  workload_count: number;
  counts: string;
  errors: string;
  kubernetes_requests: number;
  aws_requests: number;
}

/** Entity refs are keys in lower case: the catalog compares them case-insensitively. */
export function refKey(entityRef: string): string {
  // en-US has no special case mappings: the same as toLocaleLowerCase('en-US'), without
  // its locale lookup (a quarter of a second per 50,000 entities written).
  return entityRef.toLowerCase();
}

export function toIso(time: DbTime): string {
  return (time instanceof Date ? time : new Date(time)).toISOString();
}

export function toMillis(time: DbTime): number {
  return (time instanceof Date ? time : new Date(time)).getTime();
}

export function toBool(value: boolean | number | string): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** Entities per transaction: 50,000 entities take 50 short transactions. */
export const BATCH_SIZE = 1000;

/**
 * Rows per INSERT. Knex writes a multi-row insert on SQLite as a compound SELECT, limited
 * to 500 terms, and SQLite binds at most 32,766 values per statement (PostgreSQL 65,535).
 */
export const INSERT_SIZE = 400;

export function chunk<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

export function isPostgres(knex: Knex): boolean {
  return knex.client.config.client === 'pg';
}

/** The columns of each table that the write path sends in bulk, with their PostgreSQL types. */
export const CLUSTER_RESULT_COLUMNS = [
  ['entity_ref', 'text'],
  ['cluster', 'text'],
  ['workloads', 'text'],
  ['health', 'text'],
  ['checked_at', 'timestamptz'],
  ['stale', 'boolean'],
  ['unreachable_since', 'timestamptz'],
  ['error', 'text'],
] as const;

export const ENTITY_COLUMNS = [
  ['entity_ref', 'text'],
  ['kind', 'text'],
  ['namespace', 'text'],
  ['name', 'text'],
  ['owner', 'text'],
  ['title', 'text'],
  ['health', 'text'],
  ['health_rank', 'smallint'],
  ['stale', 'boolean'],
  ['checked', 'boolean'],
  ['checked_at', 'timestamptz'],
  ['summary', 'text'],
  ['status', 'text'],
  ['status_hash', 'text'],
  ['input_findings', 'text'],
] as const;

export const FACET_COLUMNS = [
  ['entity_ref', 'text'],
  ['facet', 'text'],
  ['value', 'text'],
] as const;

export const HISTORY_COLUMNS = [
  ['entity_ref', 'text'],
  ['changed_at', 'timestamptz'],
  ['health', 'text'],
  ['stale', 'boolean'],
  ['mechanisms', 'text'],
  ['finding_codes', 'text'],
  ['summary', 'text'],
  ['status_hash', 'text'],
] as const;
