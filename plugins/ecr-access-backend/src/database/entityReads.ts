import type { Knex } from 'knex';
import {
  EntityStatus,
  FindingCode,
  Health,
  PullAuth,
} from '@ecr-access/plugin-ecr-access-common';
import { HistoryEntry, StoredEntityStatus } from './EcrAccessStore';
import { entityOfRow } from './entityRecord';
import { ENTITIES, EntityRow, HISTORY, refKey, toBool, toIso } from './rows';

export async function getEntityStatus(
  knex: Knex,
  entityRef: string,
): Promise<StoredEntityStatus | undefined> {
  const row = await knex<EntityRow>(ENTITIES)
    .where('entity_ref', refKey(entityRef))
    .first();
  // A placeholder (empty status) exists only inside a write that has not finished.
  if (!row || !row.status_hash) return undefined;
  return {
    entity: entityOfRow(row),
    status: JSON.parse(row.status) as EntityStatus,
    summary: row.summary,
  };
}

export async function getHistory(
  knex: Knex,
  entityRef: string,
  limit: number,
): Promise<HistoryEntry[]> {
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
