import {
  auditQuerySchema,
  auditRunsQuerySchema,
  historyQuerySchema,
  noQuerySchema,
} from '@ecr-access/plugin-ecr-access-common';
import type { z } from 'zod/v4';

/** One route of the REST API, as the spec documents it. */
export interface DocumentedRoute {
  method: 'get' | 'post';
  /** OpenAPI path, `{param}` for a path parameter. */
  path: string;
  operationId: string;
  /** The prose of the spec: what the route does, who may call it, its errors. */
  description: string;
  /** The route's query parameters (-common's schema the router parses with). */
  query: z.ZodObject;
  /** The 200 answer: its description and the component schema of its JSON body. */
  response: { description: string; schema: string; csv?: boolean };
}

/**
 * Every route the router serves, with the hand-written parts of the spec. The schemas are
 * -common's; `openapi.test.ts` checks this table against the router's own routes.
 */
export const ROUTES: DocumentedRoute[] = [
  {
    method: 'get',
    path: '/entities/{kind}/{namespace}/{name}/status',
    operationId: 'GetEntityStatus',
    description:
      'The current status of one entity. For an entity with the Kubernetes annotations that no audit has written yet, "not yet checked" (`checked: false`, health `unknown`). 404 when the entity has no Kubernetes annotation, is not in the catalog or the caller may not read it (not told apart). Takes no query parameter; an unknown one is a 400.',
    query: noQuerySchema,
    response: {
      description: "The entity's status.",
      schema: 'EntityStatusResponse',
    },
  },
  {
    method: 'get',
    path: '/entities/{kind}/{namespace}/{name}/history',
    operationId: 'GetEntityHistory',
    description: "The changes of one entity's status, newest first.",
    query: historyQuerySchema,
    response: { description: 'The changes.', schema: 'HistoryResponse' },
  },
  {
    method: 'post',
    path: '/entities/{kind}/{namespace}/{name}/refresh',
    operationId: 'RefreshEntity',
    description:
      'Re-check one entity now, outside the schedule. 404 when the caller may not read the entity; 400 when it has no Kubernetes annotation; 403 without `ecr-access.entity.refresh` on the entity; 503 when this backend has no refresher installed; 429, with `Retry-After`, past the `ecrAccess.refresh` limits (per caller and per backend, a minute). Concurrent refreshes of one entity share one check. Clusters it could not read are listed in `unreachableClusters` and marked in the status. Takes no query parameter and no body (none, or `{}`): an unknown parameter or any other body is a 400 (over 1 KB a 413) and triggers no audit.',
    query: noQuerySchema,
    response: {
      description: "The entity's status after the refresh.",
      schema: 'RefreshResponse',
    },
  },
  {
    method: 'get',
    path: '/audit',
    operationId: 'GetAudit',
    description:
      'The audit of every entity the caller may read, filtered and paginated, with counts over every matching entity. `format=csv` exports every matching entity (no pagination) and needs `ecr-access.audit.export`.',
    query: auditQuerySchema,
    response: {
      description: 'A page of the audit, or the whole filtered audit as CSV.',
      schema: 'AuditResponse',
      csv: true,
    },
  },
  {
    method: 'get',
    path: '/audit/facets',
    operationId: 'GetAuditFacets',
    description:
      "The values of the audit page's filters (owners with their display names, clusters, mechanisms, finding codes) over the entities the caller may read: the same permission as `/audit` (the catalog's read). Takes no query parameter; an unknown one is a 400.",
    query: noQuerySchema,
    response: { description: 'The filter values.', schema: 'AuditFacets' },
  },
  {
    method: 'get',
    path: '/audit/runs',
    operationId: 'GetAuditRuns',
    description:
      'The most recent audit runs, newest first. Needs `ecr-access.audit.runs.read`. Errors are served as a stable code and a message without URLs, host names or IP addresses.',
    query: auditRunsQuerySchema,
    response: { description: 'The runs.', schema: 'AuditRunsResponse' },
  },
  {
    method: 'get',
    path: '/audit/clusters',
    operationId: 'GetClusterPullSetups',
    description:
      "Each configured cluster's pull set-up as its latest audit that read it stored it (declared `imagePullAuth`, node roles and what they may do beyond pulling, the service-account-token credential provider's preflight, workloads per pull mechanism and runtime identity), when it was read, and whether the latest audit reached the cluster; with workloads per runtime identity summed over them. A cluster never read has no `pullSetup`; an unreachable one keeps its last known one, `state.reachable` false. Needs `ecr-access.audit.runs.read` (role ARNs and cluster config describe clusters, not entities). Takes no query parameter; an unknown one is a 400.",
    query: noQuerySchema,
    response: {
      description: 'The clusters.',
      schema: 'ClusterPullSetupsResponse',
    },
  },
];
