import {
  AuditorService,
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import Router from 'express-promise-router';
import express from 'express';
import { EcrAccessStore } from '../database';
import { addAuditRoutes } from './auditRoutes';
import { CatalogVisibility } from './CatalogVisibility';
import { addClusterPullSetupsRoute } from './clusterPullSetupsRoute';
import { addEntityRoutes } from './entityRoutes';
import { EntityRefresher } from './EntityRefresher';
import { pathDecodeErrors } from './pathDecodeErrors';
import { rejectPrototypeKeys } from './prototypeKeys';
import { readRefreshLimits, refreshGuards } from './refreshGuards';

export interface RouterOptions {
  store: EcrAccessStore;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  /** Absent until the audit provides one: refresh then answers 503. */
  refresher?: EntityRefresher;
  /** How long a caller's visible entities are reused under a conditional decision. */
  visibilityTtlMs?: number;
  /** The app-config: `ecrAccess.refresh` limits (defaults without it). */
  config?: Config;
}

/**
 * The plugin's REST API, as documented in `src/schema/openapi.yaml`. Errors are thrown as
 * `@backstage/errors` types and rendered by the backend's error handler.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  const visibility = new CatalogVisibility({
    auth: options.auth,
    permissions: options.permissions,
    catalog: options.catalog,
    ttlMs: options.visibilityTtlMs,
  });
  router.use(rejectPrototypeKeys());
  addEntityRoutes(router, {
    ...options,
    refreshGuards: refreshGuards(
      options.httpAuth,
      readRefreshLimits(options.config),
    ),
  });
  addAuditRoutes(router, { ...options, visibility });
  addClusterPullSetupsRoute(router, options);
  router.use(pathDecodeErrors());
  return router;
}
