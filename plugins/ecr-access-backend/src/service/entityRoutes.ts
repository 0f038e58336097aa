import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CustomErrorBase,
  isError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ecrAccessEntityRefreshPermission,
  EntityStatusResponse,
  HistoryResponse,
  RefreshResponse,
} from '@ecr-access/plugin-ecr-access-common';
import { NextFunction, Request, Response, Router } from 'express';
import { Entity } from '@backstage/catalog-model';
import { toCatalogEntity } from '../audit/catalogEntities';
import { AuditedEntity, EcrAccessStore, StoredEntityStatus } from '../database';
import { redactEndpoints } from './auditErrors';
import { EntityRefresher, RefreshUnreachable } from './EntityRefresher';
import { markRefreshStarted, RefreshGuards } from './refreshGuards';
import { sendStatus } from './statusBodies';
import {
  parseEntityPath,
  parseHistoryQuery,
  parseNoQuery,
} from './queryParams';

export interface EntityRoutesOptions {
  store: EcrAccessStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  refresher?: EntityRefresher;
  /** Run before a refresh (body and rate limits, `refreshGuards.ts`): what they refuse checks nothing. */
  refreshGuards?: RefreshGuards;
}

type EntityRequest = Request<{ kind: string; namespace: string; name: string }>;

/** Validated before anything else, so that a bad path reads and writes nothing. */
function entityRefOf(req: EntityRequest): string {
  return stringifyEntityRef(parseEntityPath(req.params));
}

/**
 * The stored status, with cluster errors served without endpoints (see `auditErrors.ts`):
 * they reach every reader of the entity, on its card.
 */
const statusBody = ({
  status,
  summary,
}: StoredEntityStatus): EntityStatusResponse => ({
  ...status,
  clusters: status.clusters.map(c =>
    c.error === undefined ? c : { ...c, error: redactEndpoints(c.error) },
  ),
  findings: status.findings.map(f =>
    f.code === 'CLUSTER_UNREACHABLE'
      ? { ...f, message: redactEndpoints(f.message) }
      : f,
  ),
  summary,
});

/**
 * A failed refresh answers with its cause, and the cause of a cluster read names the API
 * server; the auditor event keeps the original.
 */
class RefreshFailedError extends CustomErrorBase {
  name = 'RefreshFailedError' as const;
}

const notFound = (entityRef: string) =>
  new NotFoundError(`No ECR access status for ${entityRef}`);

/**
 * The same 404 for "never audited" and "not yours to read", so that the API does not tell
 * a caller which entities exist in the catalog.
 */
async function assertReadable(
  catalog: CatalogService,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<Entity> {
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) throw notFound(entityRef);
  return entity;
}

/**
 * The catalog facts of an entity the audit covers (one with the Kubernetes plugin's
 * annotations), for the "not yet checked" status of one no audit has written yet.
 */
function auditedOrUndefined(entity: Entity): AuditedEntity | undefined {
  const { selector, ...audited } = toCatalogEntity(entity);
  return selector.kubernetesId ||
    selector.labelSelector ||
    audited.inputFindings
    ? audited
    : undefined;
}

/**
 * The status; for an entity in the catalog with the Kubernetes annotations that no audit
 * has written yet, "not yet checked" (health `unknown`, `checked: false`). `404` only for
 * entities the caller cannot read or without the annotations.
 */
async function readStatus(
  store: EcrAccessStore,
  entityRef: string,
  entity: Entity,
): Promise<StoredEntityStatus> {
  const stored = await store.getEntityStatus(entityRef, {
    ifNotAudited: auditedOrUndefined(entity),
  });
  if (!stored) throw notFound(entityRef);
  return stored;
}

async function storedStatus(
  store: EcrAccessStore,
  entityRef: string,
  entity: Entity,
): Promise<EntityStatusResponse> {
  return statusBody(await readStatus(store, entityRef, entity));
}

/** Failed inside the refresher, already recorded: an entity the refresh cannot check. */
function refreshRejected(error: unknown): boolean {
  return isError(error) && ['InputError', 'NotFoundError'].includes(error.name);
}

async function assertMayRefresh(
  permissions: PermissionsService,
  entityRef: string,
  credentials: BackstageCredentials,
) {
  const [decision] = await permissions.authorize(
    [{ permission: ecrAccessEntityRefreshPermission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You may not refresh ${entityRef}: the permission policy does not grant ${ecrAccessEntityRefreshPermission.name} on it`,
    );
  }
}

/** Checks the refresh permission, refreshes, and records the attempt with the auditor. */
async function refresh(
  options: EntityRoutesOptions,
  req: EntityRequest,
  res: Response,
  entityRef: string,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<RefreshResponse> {
  const { store, permissions, auditor, refresher } = options;
  let unreachable: RefreshUnreachable[] = [];
  const event = await auditor.createEvent({
    eventId: 'entity-refresh',
    severityLevel: 'medium',
    request: req,
    meta: { entityRef },
  });
  try {
    await assertMayRefresh(permissions, entityRef, credentials);
    if (!refresher) {
      throw new ServiceUnavailableError(
        'On-demand refresh is not available on this backend: no refresher is installed; the status is updated by the scheduled audit',
      );
    }
    try {
      markRefreshStarted(res);
      ({ unreachable } = await refresher.refreshEntity(entityRef));
    } catch (error) {
      await event.fail({ error: error as Error });
      // Not a failure of the refresh but of the request: e.g. no Kubernetes annotations.
      if (refreshRejected(error)) throw error;
      throw new RefreshFailedError(
        `Refresh of ${entityRef} failed: ${redactEndpoints(
          String((error as Error)?.message ?? error),
        )}`,
      );
    }
  } catch (error) {
    if (!(error instanceof RefreshFailedError) && !refreshRejected(error)) {
      await event.fail({ error: error as Error });
    }
    throw error;
  }
  await event.success();
  return {
    ...(await storedStatus(store, entityRef, entity)),
    // The clusters this refresh could not read; the status marks them too.
    unreachableClusters: unreachable.map(u => ({
      cluster: u.cluster,
      error: redactEndpoints(u.message),
    })),
  };
}

/** Routes about one entity: its status, its history and an on-demand refresh. */
export function addEntityRoutes(router: Router, options: EntityRoutesOptions) {
  const { store, httpAuth, catalog } = options;
  const caller = (req: EntityRequest) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/entities/:kind/:namespace/:name/status', async (req, res) => {
    const credentials = await caller(req);
    const entityRef = entityRefOf(req);
    parseNoQuery(req.query);
    const entity = await assertReadable(catalog, entityRef, credentials);
    sendStatus(
      req,
      res,
      await readStatus(store, entityRef, entity),
      statusBody,
    );
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const credentials = await caller(req);
    const entityRef = entityRefOf(req);
    const { limit } = parseHistoryQuery(req.query);
    await assertReadable(catalog, entityRef, credentials);
    res.json({
      items: await store.getHistory(entityRef, { limit }),
    } satisfies HistoryResponse);
  });

  router.post(
    '/entities/:kind/:namespace/:name/refresh',
    ...(options.refreshGuards?.body ?? []),
    // Path and query first: a malformed request is a 400, not counted against the limits.
    (req: EntityRequest, _res: Response, next: NextFunction) => {
      entityRefOf(req);
      parseNoQuery(req.query);
      next();
    },
    ...(options.refreshGuards?.rate ?? []),
    async (req: EntityRequest, res: Response) => {
      const credentials = await caller(req);
      const entityRef = entityRefOf(req);
      parseNoQuery(req.query);
      const entity = await assertReadable(catalog, entityRef, credentials);
      res.json(
        await refresh(options, req, res, entityRef, entity, credentials),
      );
    },
  );
}
