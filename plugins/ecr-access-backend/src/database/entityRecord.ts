import { createHash } from 'node:crypto';
import {
  ClusterAuditState,
  describePullStatus,
  EntityStatus,
  Finding,
  healthRank,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import type { AggregateEntityStatus } from './aggregateEntityStatus';
import { AuditedEntity } from './EcrAccessStore';
import {
  ClusterResultRow,
  ClusterStateRow,
  EntityRow,
  FacetRow,
  HistoryRow,
  refKey,
  toBool,
  toIso,
  toMillis,
} from './rows';

/** Everything stored for one entity after a write: its row, facets and history row. */
export interface EntityRecord {
  row: EntityRow;
  facets: FacetRow[];
  history: HistoryRow;
}

const iso = (time: ClusterResultRow['checked_at'] | null | undefined) =>
  time === null || time === undefined || toMillis(time) <= 0
    ? undefined
    : toIso(time);

/**
 * One cluster as seen for one entity, from the entity's row there (its workloads, their
 * read time, and a refresh's own failure mark) and the cluster's latest audit. The newer
 * wins: a refresh that read the entity after the audit failed makes it reachable for it;
 * an audit that failed after the row was read makes it unreachable, the row's workloads
 * being the last known ones (`lastSuccessAt`).
 */
export function entityClusterState(
  row: ClusterResultRow | undefined,
  state: ClusterStateRow | undefined,
): ClusterAuditState {
  const cluster = (row?.cluster ?? state?.cluster)!;
  const stateNewer =
    state !== undefined &&
    (row === undefined ||
      toMillis(state.checked_at) > toMillis(row.checked_at));
  if (row && toBool(row.stale)) {
    const stateFailing = stateNewer && !toBool(state!.reachable);
    return {
      cluster,
      reachable: false,
      checkedAt: iso(stateFailing ? state!.checked_at : row.unreachable_since),
      lastSuccessAt: iso(row.checked_at) ?? iso(state?.last_success_at),
      unreachableSince: iso(row.unreachable_since),
      ...(row.error ? { error: row.error } : {}),
    };
  }
  if (stateNewer && !toBool(state!.reachable)) {
    return {
      cluster,
      reachable: false,
      checkedAt: iso(state!.checked_at),
      lastSuccessAt: row ? iso(row.checked_at) : iso(state!.last_success_at),
      unreachableSince: iso(state!.unreachable_since),
      ...(state!.error ? { error: state!.error } : {}),
    };
  }
  const readAt = row ? row.checked_at : state!.last_success_at;
  return {
    cluster,
    reachable: true,
    checkedAt: iso(row ? row.checked_at : state!.checked_at),
    lastSuccessAt: iso(readAt),
  };
}

/**
 * The audited clusters of one write, and each as an entity with no row in it sees it. Built
 * once per write, not per entity: most entities have rows in one or two of 50 clusters, and
 * rebuilding the other clusters' states (dates parsed and formatted) for each of 50,000
 * entities was the store's largest CPU cost.
 */
export interface AuditedClusters {
  /** Cluster names, in the order the aggregate is given them. */
  names: string[];
  states: Map<string, ClusterStateRow>;
  withoutRows: Map<string, ClusterAuditState>;
}

export function auditedClusters(states: ClusterStateRow[]): AuditedClusters {
  const byName = new Map(states.map(s => [s.cluster, s]));
  return {
    names: [...byName.keys()].sort(),
    states: byName,
    withoutRows: new Map(
      states.map(s => [s.cluster, entityClusterState(undefined, s)]),
    ),
  };
}

/** Every cluster as seen for one entity: those it has rows in and every audited one. */
export function entityClusterStates(
  rows: ClusterResultRow[],
  clusters: AuditedClusters,
): ClusterAuditState[] {
  const rowOf = new Map(rows.map(r => [r.cluster, r]));
  const names = rows.every(r => clusters.states.has(r.cluster))
    ? clusters.names
    : [...new Set([...rowOf.keys(), ...clusters.names])].sort();
  return names.map(cluster => {
    const row = rowOf.get(cluster);
    return row
      ? entityClusterState(row, clusters.states.get(cluster))
      : clusters.withoutRows.get(cluster)!;
  });
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
    // Only when false, so that the hashes of statuses stored before it existed still hold.
    ...(status.checked === false ? { checked: false } : {}),
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
 * An entity's stored record from its cluster rows and the audited clusters, with the status
 * `aggregate` gives them.
 * `now` dates the sentence and the history row.
 */
export function buildEntityRecord(
  entity: AuditedEntity,
  clusterRows: ClusterResultRow[],
  clusters: AuditedClusters,
  now: Date,
  aggregate: AggregateEntityStatus,
): EntityRecord {
  const workloads = clusterRows.flatMap(
    r => r.workloadList ?? (JSON.parse(r.workloads) as WorkloadStatus[]),
  );
  const status = aggregate({
    entityRef: entity.entityRef,
    workloads,
    clusters: entityClusterStates(clusterRows, clusters),
    findings: entity.inputFindings,
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
    health_rank: healthRank(status.health),
    stale: status.stale,
    checked: status.checked !== false,
    checked_at: new Date(status.checkedAt),
    summary,
    status: JSON.stringify(status),
    status_hash: hash,
    input_findings: entity.inputFindings?.length
      ? JSON.stringify(entity.inputFindings)
      : null,
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
    | 'entity_ref'
    | 'kind'
    | 'namespace'
    | 'name'
    | 'owner'
    | 'title'
    | 'input_findings'
  >,
): AuditedEntity {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    ...(row.owner ? { owner: row.owner } : {}),
    ...(row.title ? { title: row.title } : {}),
    ...(row.input_findings
      ? { inputFindings: JSON.parse(row.input_findings) as Finding[] }
      : {}),
  };
}

/** The catalog facts of an entity as stored: refs as keys, empty fields left out. */
export function storedFacts(e: AuditedEntity): AuditedEntity {
  return {
    entityRef: refKey(e.entityRef),
    kind: e.kind,
    namespace: e.namespace,
    name: e.name,
    ...(e.owner ? { owner: refKey(e.owner) } : {}),
    ...(e.title ? { title: e.title } : {}),
    ...(e.inputFindings?.length ? { inputFindings: e.inputFindings } : {}),
  };
}
