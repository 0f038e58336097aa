import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { EcrAccessApi } from './EcrAccessApi';
// The request and response types are -common's contract (its `api/` folder).
import type * as wire from '@ecr-access/plugin-ecr-access-common';

const PLUGIN_ID = 'ecr-access';

function entityPath(entity: CompoundEntityRef): string {
  // Kind is case-insensitive in the catalog; the backend stores refs lower-cased.
  return [entity.kind.toLocaleLowerCase('en-US'), entity.namespace, entity.name]
    .map(encodeURIComponent)
    .join('/');
}

function queryString(params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * {@link EcrAccessApi} over HTTP: the backend's base URL from `discoveryApi`, the user's
 * Backstage token added by `fetchApi`.
 *
 * @public
 */
export class EcrAccessClient implements EcrAccessApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc EcrAccessApi.getEntityStatus} */
  async getEntityStatus(
    entity: CompoundEntityRef,
  ): Promise<wire.EntityStatusResponse | undefined> {
    const response = await this.request(
      `/entities/${entityPath(entity)}/status`,
    );
    // 404 means "not audited yet" (or not readable: the backend does not tell them apart).
    if (response.status === 404) return undefined;
    return this.json(response);
  }

  /** {@inheritDoc EcrAccessApi.getEntityHistory} */
  async getEntityHistory(
    entity: CompoundEntityRef,
    options: wire.HistoryQuery = {},
  ): Promise<wire.EntityHistoryEntry[]> {
    const response = await this.request(
      `/entities/${entityPath(entity)}/history${queryString(options)}`,
    );
    const body = await this.json<wire.HistoryResponse>(response);
    return body.items;
  }

  /** {@inheritDoc EcrAccessApi.refreshEntity} */
  async refreshEntity(
    entity: CompoundEntityRef,
  ): Promise<wire.RefreshResponse> {
    const response = await this.request(
      `/entities/${entityPath(entity)}/refresh`,
      { method: 'POST' },
    );
    return this.json(response);
  }

  /** {@inheritDoc EcrAccessApi.getAudit} */
  async getAudit(query: wire.AuditQuery = {}): Promise<wire.AuditResponse> {
    const response = await this.request(`/audit${queryString(query)}`);
    return this.json(response);
  }

  /** {@inheritDoc EcrAccessApi.getAuditFacets} */
  async getAuditFacets(): Promise<wire.AuditFacets> {
    const response = await this.request('/audit/facets');
    return this.json(response);
  }

  /** {@inheritDoc EcrAccessApi.exportAuditCsv} */
  async exportAuditCsv(filter: wire.AuditFilter = {}): Promise<Blob> {
    const response = await this.request(
      `/audit${queryString({ ...filter, format: 'csv' })}`,
      { headers: { accept: 'text/csv' } },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.blob();
  }

  /** {@inheritDoc EcrAccessApi.getAuditRuns} */
  async getAuditRuns(
    options: wire.AuditRunsQuery = {},
  ): Promise<wire.AuditRun[]> {
    const response = await this.request(`/audit/runs${queryString(options)}`);
    const body = await this.json<wire.AuditRunsResponse>(response);
    return body.items;
  }

  /** {@inheritDoc EcrAccessApi.getClusterPullSetups} */
  async getClusterPullSetups(): Promise<wire.ClusterPullSetupsResponse> {
    const response = await this.request('/audit/clusters');
    return this.json(response);
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    return this.fetchApi.fetch(`${baseUrl}${path}`, init);
  }

  private async json<T>(response: Response): Promise<T> {
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
