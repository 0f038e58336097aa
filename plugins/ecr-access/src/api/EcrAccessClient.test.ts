import { ResponseError } from '@backstage/errors';
import { EcrAccessClient } from './EcrAccessClient';

const BASE = 'http://backstage/api/ecr-access';

function jsonResponse(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function errorBody(name: string, message: string, statusCode: number) {
  return {
    error: { name, message },
    request: { method: 'GET', url: '/' },
    response: { statusCode },
  };
}

function setup(response: Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => response);
  const client = new EcrAccessClient({
    discoveryApi: { getBaseUrl: async () => BASE },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

const entity = {
  kind: 'Component',
  namespace: 'default',
  name: 'payments-api',
};

describe('EcrAccessClient', () => {
  it('reads an entity status from the lower-cased entity path', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { entityRef: 'component:default/payments-api' }),
    );
    await expect(client.getEntityStatus(entity)).resolves.toEqual({
      entityRef: 'component:default/payments-api',
    });
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/entities/component/default/payments-api/status`,
      undefined,
    );
  });

  it('answers undefined for an entity that was never audited (404)', async () => {
    const { client } = setup(
      jsonResponse(404, errorBody('NotFoundError', 'No status', 404)),
    );
    await expect(client.getEntityStatus(entity)).resolves.toBeUndefined();
  });

  it('throws a ResponseError with the server message on other failures', async () => {
    const { client } = setup(
      jsonResponse(500, errorBody('Error', 'database is down', 500)),
    );
    const error = await client.getEntityStatus(entity).catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(500);
    expect(error.body.error.message).toBe('database is down');
  });

  it('posts a refresh and surfaces a 403 as an error', async () => {
    const { client, fetch } = setup(
      jsonResponse(403, errorBody('NotAllowedError', 'You may not', 403)),
    );
    const error = await client.refreshEntity(entity).catch(e => e);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/entities/component/default/payments-api/refresh`,
      { method: 'POST' },
    );
    expect(error.statusCode).toBe(403);
  });

  it('sends the audit filters and paging as query parameters, skipping empty ones', async () => {
    const page = {
      items: [],
      totalCount: 0,
      summary: { byMechanism: {}, byHealth: {} },
    };
    const { client, fetch } = setup(jsonResponse(200, page));
    await expect(
      client.getAudit({
        mechanism: 'static-secret',
        health: 'error',
        owner: 'group:default/team-a',
        cluster: '',
        stale: false,
        q: 'billing',
        offset: 50,
        limit: 25,
        orderBy: 'health',
        order: 'desc',
      }),
    ).resolves.toEqual(page);
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/ecr-access/audit');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      mechanism: 'static-secret',
      health: 'error',
      owner: 'group:default/team-a',
      stale: 'false',
      q: 'billing',
      offset: '50',
      limit: '25',
      orderBy: 'health',
      order: 'desc',
    });
  });

  it('exports the filtered audit as CSV', async () => {
    const { client, fetch } = setup(
      new Response('entityRef,title\n', {
        status: 200,
        headers: { 'content-type': 'text/csv' },
      }),
    );
    const blob = await client.exportAuditCsv({ finding: 'SECRET_EXPIRED' });
    expect(await blob.text()).toBe('entityRef,title\n');
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/audit?finding=SECRET_EXPIRED&format=csv`,
    );
  });

  it('reads the audit runs and the history as their item lists', async () => {
    const { client, fetch } = setup(jsonResponse(200, { items: [{ id: 1 }] }));
    await expect(client.getAuditRuns({ limit: 5 })).resolves.toEqual([
      { id: 1 },
    ]);
    expect(fetch.mock.calls[0][0]).toBe(`${BASE}/audit/runs?limit=5`);
  });

  it('reads the clusters from /audit/clusters, and throws the backend error on a 403', async () => {
    const body = { items: [{ cluster: 'prod-use1' }], runtimeIdentities: {} };
    const { client, fetch } = setup(jsonResponse(200, body));
    await expect(client.getClusterPullSetups()).resolves.toEqual(body);
    expect(fetch.mock.calls[0][0]).toBe(`${BASE}/audit/clusters`);
    const refused = setup(
      jsonResponse(
        403,
        errorBody('NotAllowedError', 'You may not read the clusters', 403),
      ),
    );
    await expect(refused.client.getClusterPullSetups()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      body: { error: { message: 'You may not read the clusters' } },
    });
  });

  it('reads the values of the audit pickers from /audit/facets', async () => {
    const facets = {
      owners: [{ ref: 'group:default/team-a', title: 'Team A' }],
      clusters: ['prod-use1'],
      mechanisms: ['static-secret'],
      findings: ['SECRET_EXPIRED'],
    };
    const { client, fetch } = setup(jsonResponse(200, facets));
    await expect(client.getAuditFacets()).resolves.toEqual(facets);
    expect(fetch.mock.calls[0][0]).toBe(`${BASE}/audit/facets`);
  });
});
