import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AuditFilter,
  AuditResponse,
  AuditRunsResponse,
  ecrAccessAuditRunsReadPermission,
} from '@ecr-access/plugin-ecr-access-common';
import { Router } from 'express';
import { EcrAccessStore, StoredAuditFilter } from '../database';
import { FreshRead } from '../database/freshRead';
import { addAuditFacetsRoute, visibleOwners } from './auditFacetsRoute';
import { serveAuditError } from './auditErrors';
import { exportCsv } from './auditExport';
import { CatalogVisibility } from './CatalogVisibility';
import { OwnerTitles, ownersNamed, ownersTitledWith } from './ownerTitles';
import { parseAuditQuery, parseRunsQuery } from './queryParams';

export interface AuditRoutesOptions {
  store: EcrAccessStore;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  visibility: CatalogVisibility;
}

/**
 * The wire's filters restricted to what the caller may read, with `owner` resolved to the
 * owners it names by ref, name or display name, and `q` to the owners whose display name
 * holds it (among those of the visible entities).
 */
async function storedFilter(
  options: { store: EcrAccessStore; ownerTitles: OwnerTitles },
  visibility: CatalogVisibility,
  filter: AuditFilter,
  credentials: BackstageCredentials,
): Promise<StoredAuditFilter> {
  const entityRefs = await visibility.visibleEntityRefs(credentials);
  if (filter.owner === undefined && filter.q === undefined) {
    return { ...filter, entityRefs };
  }
  const visible = await visibleOwners(options, entityRefs);
  const qOwners =
    filter.q === undefined ? undefined : ownersTitledWith(filter.q, visible);
  if (filter.owner === undefined) return { ...filter, qOwners, entityRefs };
  const owners = ownersNamed(filter.owner, visible);
  // `owner` stays, as asked (the export's audit event records it); the store reads `owners`.
  return { ...filter, owners, qOwners, entityRefs };
}

/** The audit list and its summary, its pickers' values, the CSV export and the recent runs. */
export function addAuditRoutes(router: Router, options: AuditRoutesOptions) {
  const { store, httpAuth, visibility } = options;
  const ownerTitles = new OwnerTitles(options);
  // Every page asks when an audit last completed: one read for the requests that arrive
  // before it starts, each answered from a read begun after it asked.
  const lastCompleted = new FreshRead(() => store.lastCompletedAudit());

  router.get('/audit', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseAuditQuery(req.query);
    const filter = await storedFilter(
      { store, ownerTitles },
      visibility,
      query.filter,
      credentials,
    );
    if (query.format === 'csv') {
      await exportCsv(options, req, res, query.page, filter, credentials);
      return;
    }
    const [list, summary, lastCompletedAt] = await Promise.all([
      store.listAudit({ ...filter, ...query.page }),
      store.summarize(filter),
      lastCompleted.get(),
    ]);
    res.json({
      items: list.items.map(({ kind, namespace, name, ...item }) => item),
      totalCount: list.totalCount,
      summary,
      // An empty list before the first audit is not "nothing to report".
      auditCompleted: lastCompletedAt !== undefined,
      lastCompletedAt: lastCompletedAt ?? null,
      ...(list.nextCursor ? { nextCursor: list.nextCursor } : {}),
    } satisfies AuditResponse);
  });

  addAuditFacetsRoute(router, { store, httpAuth, visibility, ownerTitles });

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
