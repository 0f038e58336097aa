import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AuditResponse,
  AuditRunsResponse,
  ecrAccessAuditExportPermission,
  ecrAccessAuditRunsReadPermission,
} from '@ecr-access/plugin-ecr-access-common';
import { Request, Response, Router } from 'express';
import { EcrAccessStore, StoredAuditFilter } from '../database';
import { serveAuditError } from './auditErrors';
import { CatalogVisibility } from './CatalogVisibility';
import { CSV_HEADER, csvLine } from './csv';
import { AuditPage, parseAuditQuery, parseRunsQuery } from './queryParams';

export interface AuditRoutesOptions {
  store: EcrAccessStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  visibility: CatalogVisibility;
}

const EXPORT_PAGE = 500;

async function exportCsv(
  options: AuditRoutesOptions,
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
    meta: { filter: { ...filter, entityRefs: undefined } },
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
  res.write(CSV_HEADER);
  // Page through the store rather than loading 50,000 rows at once.
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const { items } = await store.listAudit({
      ...filter,
      orderBy: page.orderBy,
      order: page.order,
      offset,
      limit: EXPORT_PAGE,
    });
    res.write(items.map(csvLine).join(''));
    if (items.length < EXPORT_PAGE) break;
  }
  res.end();
  await event.success();
}

/** The audit list and its summary, plus the CSV export and the recent runs. */
export function addAuditRoutes(router: Router, options: AuditRoutesOptions) {
  const { store, httpAuth, visibility } = options;

  router.get('/audit', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseAuditQuery(req.query);
    // The wire's filters as they are, restricted to what the caller may read.
    const filter: StoredAuditFilter = {
      ...query.filter,
      entityRefs: await visibility.visibleEntityRefs(credentials),
    };
    if (query.format === 'csv') {
      await exportCsv(options, req, res, query.page, filter, credentials);
      return;
    }
    const [list, summary, lastCompletedAt] = await Promise.all([
      store.listAudit({ ...filter, ...query.page }),
      store.summarize(filter),
      store.lastCompletedAudit(),
    ]);
    res.json({
      items: list.items.map(({ kind, namespace, name, ...item }) => item),
      totalCount: list.totalCount,
      summary,
      // An empty list before the first audit is not "nothing to report".
      auditCompleted: lastCompletedAt !== undefined,
      lastCompletedAt: lastCompletedAt ?? null,
    } satisfies AuditResponse);
  });

  router.get('/audit/runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { limit, cluster } = parseRunsQuery(req.query);
    const [decision] = await options.permissions.authorize(
      [{ permission: ecrAccessAuditRunsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read the audit runs');
    }
    const runs = await store.listRuns({ limit, cluster });
    res.json({
      items: runs.map(run => ({
        ...run,
        errors: run.errors.map(serveAuditError),
      })),
    } satisfies AuditRunsResponse);
  });
}
