import type { Knex } from 'knex';
import {
  EntityStatus,
  FindingCode,
  Health,
  PullAuth,
} from '@ecr-access/plugin-ecr-access-common';
import type { AggregateEntityStatus } from './aggregateEntityStatus';
import {
  AuditedEntity,
  EntityHistoryEntry,
  StoredEntityStatus,
} from './EcrAccessStore';
import {
  auditedClusters,
  buildEntityRecord,
  entityClusterState,
  entityOfRow,
} from './entityRecord';
import {
  CLUSTERS,
  ClusterStateRow,
  ENTITIES,
  EntityRow,
  HISTORY,
  refKey,
  toBool,
  toIso,
} from './rows';
import { FreshBatchRead } from './freshBatchRead';
import { FreshRead } from './freshRead';
import { StoredStatusMemo } from './storedStatusMemo';

/**
 * Per database: the statuses built (`storedStatusMemo.ts`); the clusters' states, read once
 * for the status requests that arrive while a read of them has not started (`freshRead.ts`),
 * as every status request needs all of them; and the entities' rows, read in one statement
 * for the requests that arrive while a read of rows has not started (`freshBatchRead.ts`).
 * Each answer holds every write committed before it was asked for.
 */
interface StatusReads {
  memo: StoredStatusMemo;
  states: FreshRead<ClusterStateRow[]>;
  rows: FreshBatchRead<EntityRow>;
}

async function entityRows(
  knex: Knex,
  refs: string[],
): Promise<Map<string, EntityRow>> {
  const rows = await knex<EntityRow>(ENTITIES).whereIn('entity_ref', refs);
  return new Map(rows.map(row => [row.entity_ref, row]));
}

const statusReads = new WeakMap<Knex, StatusReads>();

function readsOf(knex: Knex): StatusReads {
  let reads = statusReads.get(knex);
  if (!reads) {
    reads = {
      memo: new StoredStatusMemo(),
      states: new FreshRead(() => knex<ClusterStateRow>(CLUSTERS).select()),
      rows: new FreshBatchRead(refs => entityRows(knex, refs)),
    };
    statusReads.set(knex, reads);
  }
  return reads;
}

/**
 * The stored status lists the clusters that matter to the entity (its workloads', those
 * that could not be read), written when they change. Here the clusters read where it has
 * no workloads are added, and the latest attempt of those that could not be read: a few
 * rows, read per request, instead of rewriting every entity after every audit.
 */
function withClustersRead(
  status: EntityStatus,
  states: ClusterStateRow[],
): EntityStatus {
  const listed = new Map(status.clusters.map(c => [c.cluster, c]));
  const clusters = status.clusters.map(c => {
    const state = states.find(s => s.cluster === c.cluster);
    return !c.reachable && state && !toBool(state.reachable)
      ? { ...c, checkedAt: toIso(state.checked_at) }
      : c;
  });
  for (const state of states) {
    if (!listed.has(state.cluster) && toBool(state.reachable)) {
      clusters.push(entityClusterState(undefined, state));
    }
  }
  clusters.sort((a, b) => a.cluster.localeCompare(b.cluster));
  return { ...status, clusters };
}

export async function getEntityStatus(
  knex: Knex,
  entityRef: string,
  aggregate: AggregateEntityStatus,
  ifNotAudited?: AuditedEntity,
): Promise<StoredEntityStatus | undefined> {
  // Both at once: on PostgreSQL each is a round trip, the status route's whole store time.
  const reads = readsOf(knex);
  const [row, states] = await Promise.all([
    reads.rows.get(refKey(entityRef)),
    reads.states.get(),
  ]);
  // A row without a hash is not a status: the placeholder earlier versions wrote inside a
  // write that had not finished.
  if (!row || !row.status_hash) {
    if (!ifNotAudited) return undefined;
    // Never written: the entity is new to the catalog, or no audit has run. No read covered
    // it, whatever the clusters' state: "not yet checked", computed, not stored.
    const entity = {
      ...ifNotAudited,
      entityRef: refKey(ifNotAudited.entityRef),
    };
    const record = buildEntityRecord(
      entity,
      [],
      auditedClusters([]),
      new Date(),
      aggregate,
    );
    return {
      entity,
      status: JSON.parse(record.row.status) as EntityStatus,
      summary: record.row.summary,
    };
  }
  return reads.memo.get(row, states, () => ({
    entity: entityOfRow(row),
    status: withClustersRead(JSON.parse(row.status) as EntityStatus, states),
    summary: row.summary,
  }));
}

export async function getHistory(
  knex: Knex,
  entityRef: string,
  limit: number,
): Promise<EntityHistoryEntry[]> {
  const rows = await knex(HISTORY)
    .where('entity_ref', refKey(entityRef))
    .orderBy([
      { column: 'changed_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit);
  return rows.map(row => ({
    changedAt: toIso(row.changed_at),
    health: row.health as Health,
    stale: toBool(row.stale),
    mechanisms: JSON.parse(row.mechanisms) as PullAuth[],
    findingCodes: JSON.parse(row.finding_codes) as FindingCode[],
    summary: row.summary,
  }));
}
