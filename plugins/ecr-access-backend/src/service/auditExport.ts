import { once } from 'node:events';
import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ecrAccessAuditExportPermission } from '@ecr-access/plugin-ecr-access-common';
import { Request, Response } from 'express';
import { EcrAccessStore, StoredAuditFilter } from '../database';
import { CSV_HEADER, csvLine } from './csv';
import { AuditPage } from './queryParams';

/** Rows per read: a few hundred kilobytes of CSV, written before the next read. */
const EXPORT_PAGE = 500;

export interface AuditExportOptions {
  store: EcrAccessStore;
  permissions: PermissionsService;
  auditor: AuditorService;
}

/**
 * Writes `text`, waiting while the client's socket is full: without the wait, a slow reader
 * of a 50,000-row export would have the whole file buffered in the backend's memory.
 * `false` when the client went away.
 */
async function written(res: Response, text: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(text)) return true;
  // The listener of the event that did not come is removed: a long export waits hundreds
  // of times.
  const waited = new AbortController();
  const event = (name: string) =>
    once(res, name, { signal: waited.signal }).catch(() => undefined);
  await Promise.race([event('drain'), event('close')]);
  waited.abort();
  return !res.destroyed;
}

/**
 * The CSV export of every entity matching `filter`, page by page along the list's keyset
 * cursor (an OFFSET would read every earlier row again for each page), each page written
 * before the next is read; it stops when the client disconnects.
 */
export async function exportCsv(
  options: AuditExportOptions,
  req: Request,
  res: Response,
  page: AuditPage,
  filter: StoredAuditFilter,
  credentials: BackstageCredentials,
) {
  const { store, permissions, auditor } = options;
  const event = await auditor.createEvent({
    eventId: 'audit-export',
    request: req,
    meta: { filter: { ...filter, entityRefs: undefined, owners: undefined } },
  });
  const [decision] = await permissions.authorize(
    [{ permission: ecrAccessAuditExportPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    const error = new NotAllowedError('You may not export the audit');
    await event.fail({ error });
    throw error;
  }
  res.type('text/csv; charset=utf-8');
  res.attachment('ecr-access-audit.csv');
  let open = await written(res, CSV_HEADER);
  let after: string | undefined;
  while (open) {
    const { items, nextCursor } = await store.listAuditPage({
      ...filter,
      orderBy: page.orderBy,
      order: page.order,
      after,
      limit: EXPORT_PAGE,
    });
    open = await written(res, items.map(csvLine).join(''));
    if (!nextCursor) break;
    after = nextCursor;
  }
  if (!open) {
    await event.fail({ error: new Error('The client closed the export') });
    return;
  }
  res.end();
  await event.success();
}
