import { createHash } from 'node:crypto';
import {
  ClusterAuditState,
  describePullStatus,
  EntityStatus,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import { aggregateEntityStatus } from '@ecr-access/plugin-ecr-access-node';
import { AuditedEntity } from './EcrAccessStore';
import {
  ClusterResultRow,
  EntityRow,
  FacetRow,
  HistoryRow,
  toBool,
  toIso,
} from './rows';

/** Everything stored for one entity after a write: its row, facets and history row. */
export interface EntityRecord {
  row: EntityRow;
  facets: FacetRow[];
  history: HistoryRow;
}

function clusterState(row: ClusterResultRow): ClusterAuditState {
  if (!toBool(row.stale)) {
    return {
      cluster: row.cluster,
      reachable: true,
      checkedAt: toIso(row.checked_at),
    };
  }
  return {
    cluster: row.cluster,
    reachable: false,
    // "Unreachable since": the aggregate's CLUSTER_UNREACHABLE message reads it that way.
    checkedAt: toIso(row.unreachable_since ?? row.checked_at),
    ...(row.error ? { error: row.error } : {}),
  };
}

/**
 * What a change of status means, for history: health, staleness, mechanisms, each finding's
 * code, severity and subject, and each workload's identity and mechanisms. Times and
 * messages are left out because they change on every audit ("refreshed 2 h ago") without
 * the status changing.
 */
export function statusHash(status: EntityStatus): string {
  const workload = (w: WorkloadStatus) => [
    w.cluster,
    w.namespace,
    w.kind,
    w.name,
    w.serviceAccount,
    w.runtimeRoleArn ?? '',
    w.ecrRoleArn ?? '',
    w.runtimeIdentity,
    w.pullAuth,
    [...w.pullAuths].sort(),
    w.health,
    w.containers.map(c => [c.name, c.image, c.pullAuth, c.health]),
  ];
  const canonical = {
    health: status.health,
    stale: status.stale,
    mechanisms: [...status.mechanisms].sort(),
    runtime: [...status.runtimeIdentities].sort(),
    findings: status.findings
      .map(f => `${f.code}|${f.severity}|${f.subject}`)
      .sort(),
    workloads: status.workloads
      .map(workload)
      .map(w => JSON.stringify(w))
      .sort(),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function facetsOf(status: EntityStatus): FacetRow[] {
  const entity_ref = status.entityRef;
  const values = {
    mechanism: status.mechanisms,
    finding: status.findings.map(f => f.code),
    cluster: status.workloads.map(w => w.cluster),
    runtime: status.runtimeIdentities,
  };
  return Object.entries(values).flatMap(([facet, list]) =>
    [...new Set<string>(list)].map(value => ({
      entity_ref,
      facet: facet as FacetRow['facet'],
      value,
    })),
  );
}

/**
 * Aggregates an entity's cluster rows into its stored record. `now` dates the sentence and
 * the history row.
 */
export function buildEntityRecord(
  entity: AuditedEntity,
  clusterRows: ClusterResultRow[],
  now: Date,
): EntityRecord {
  const workloads = clusterRows.flatMap(
    r => JSON.parse(r.workloads) as WorkloadStatus[],
  );
  const status = aggregateEntityStatus({
    entityRef: entity.entityRef,
    workloads,
    clusters: clusterRows.map(clusterState),
    now,
  });
  const summary = describePullStatus(status, now);
  const hash = statusHash(status);
  const row: EntityRow = {
    entity_ref: entity.entityRef,
    kind: entity.kind,
    namespace: entity.namespace,
    name: entity.name,
    owner: entity.owner ?? null,
    title: entity.title ?? null,
    health: status.health,
    stale: status.stale,
    checked_at: new Date(status.checkedAt),
    summary,
    status: JSON.stringify(status),
    status_hash: hash,
  };
  const history: HistoryRow = {
    entity_ref: entity.entityRef,
    changed_at: now,
    health: status.health,
    stale: status.stale,
    mechanisms: JSON.stringify(status.mechanisms),
    finding_codes: JSON.stringify([
      ...new Set(status.findings.map(f => f.code)),
    ]),
    summary,
    status_hash: hash,
  };
  return { row, facets: facetsOf(status), history };
}

export function entityOfRow(
  row: Pick<
    EntityRow,
    'entity_ref' | 'kind' | 'namespace' | 'name' | 'owner' | 'title'
  >,
): AuditedEntity {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    ...(row.owner ? { owner: row.owner } : {}),
    ...(row.title ? { title: row.title } : {}),
  };
}
