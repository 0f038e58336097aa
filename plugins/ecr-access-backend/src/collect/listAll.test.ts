import { LISTED_KINDS, ListedKind } from './kubernetesKinds';
import { KubernetesResponse, listAll } from './listAll';

const deployments = LISTED_KINDS.find(k => k.key === 'deployments')!;
const secrets = LISTED_KINDS.find(k => k.key === 'secrets')!;
const legacySecrets = LISTED_KINDS.find(
  k => k.fieldSelector === 'type=kubernetes.io/dockercfg',
)!;
const externalSecrets = LISTED_KINDS.find(k => k.key === 'externalSecrets')!;

function response(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): KubernetesResponse {
  return {
    status,
    headers: { get: name => headers[name.toLowerCase()] ?? null },
    json: async () => body,
    text: async () => JSON.stringify(body),
  };
}

/** A fake API server answering from a script of responses, recording each request. */
function scripted(...answers: Array<KubernetesResponse | Error>) {
  const requests: Array<{ path: string; accept: string }> = [];
  const get = jest.fn(async (path: string, accept: string) => {
    requests.push({ path, accept });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${path}`);
    if (next instanceof Error) throw next;
    return next;
  });
  return { get, requests };
}

const page = (names: string[], continueToken?: string) =>
  response(200, {
    items: names.map(name => ({ metadata: { name } })),
    metadata: continueToken ? { continue: continueToken } : {},
  });
const sleep = jest.fn(async (_ms: number) => {});

describe('listAll', () => {
  beforeEach(() => sleep.mockClear());

  it('follows continue tokens across pages', async () => {
    const { get, requests } = scripted(page(['a', 'b'], 't1'), page(['c']));
    const result = await listAll(get, deployments, { pageSize: 2 });
    expect(result.items.map((i: any) => i.metadata.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(result.requests).toBe(2);
    expect(requests.map(r => r.path)).toEqual([
      '/apis/apps/v1/deployments?limit=2',
      '/apis/apps/v1/deployments?limit=2&continue=t1',
    ]);
  });

  it('restarts the list once when a continue token has expired (410)', async () => {
    const { get } = scripted(
      page(['a'], 't1'),
      response(410, { kind: 'Status', code: 410, reason: 'Expired' }),
      page(['a'], 't2'),
      page(['b']),
    );
    const result = await listAll(get, deployments);
    expect(result.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b']);
    expect(result.requests).toBe(4);
  });

  it('gives up when the fresh list expires too', async () => {
    const gone = () => response(410, { message: 'too old resource version' });
    const { get } = scripted(
      page(['a'], 't1'),
      gone(),
      page(['a'], 't2'),
      gone(),
    );
    await expect(listAll(get, deployments)).rejects.toThrow(
      /answered 410: too old resource version/,
    );
  });

  it('waits as long as Retry-After says on 429, then retries', async () => {
    const { get } = scripted(
      response(429, { code: 429 }, { 'retry-after': '2' }),
      page(['a']),
    );
    const result = await listAll(get, deployments, { sleep });
    expect(sleep).toHaveBeenCalledWith(2000);
    expect(result).toEqual({
      items: [{ metadata: { name: 'a' } }],
      requests: 2,
    });
  });

  it('caps the wait and the number of retries', async () => {
    const busy = () => response(503, {}, { 'retry-after': '3600' });
    const { get } = scripted(busy(), busy(), busy());
    await expect(
      listAll(get, deployments, {
        sleep,
        maxRetries: 2,
        maxRetryAfterMs: 5000,
      }),
    ).rejects.toMatchObject({ name: 'KubernetesRequestError', status: 503 });
    expect(sleep.mock.calls).toEqual([[5000], [5000]]);
  });

  it('reports a 403 as a forbidden kind, not a failed cluster', async () => {
    const { get } = scripted(
      response(403, { message: 'secrets is forbidden: User "x" cannot list' }),
    );
    await expect(listAll(get, secrets)).rejects.toMatchObject({
      name: 'KindForbiddenError',
    });
  });

  it('fails fast, without retries, when the cluster does not answer', async () => {
    const { get } = scripted(new Error('connect ECONNREFUSED 127.0.0.1:1'));
    await expect(listAll(get, deployments, { sleep })).rejects.toMatchObject({
      name: 'ClusterUnreachableError',
    });
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('treats a missing optional CRD as empty, after asking its older version too', async () => {
    const { get, requests } = scripted(
      response(404, { code: 404 }),
      response(404, { code: 404 }),
    );
    await expect(listAll(get, externalSecrets)).resolves.toEqual({
      items: [],
      requests: 2,
    });
    expect(requests.map(r => r.path)).toEqual([
      '/apis/external-secrets.io/v1/externalsecrets?limit=500',
      '/apis/external-secrets.io/v1beta1/externalsecrets?limit=500',
    ]);
  });

  it('lists ExternalSecrets as external-secrets.io/v1 alone where it is served (ESO >= 0.17 serves nothing else)', async () => {
    const { get, requests } = scripted(page(['ecr-pull-secret']));
    const result = await listAll(get, externalSecrets);
    expect(result.items).toHaveLength(1);
    expect(result.requests).toBe(1);
    expect(requests.map(r => r.path)).toEqual([
      '/apis/external-secrets.io/v1/externalsecrets?limit=500',
    ]);
  });

  it('falls back to external-secrets.io/v1beta1 when v1 answers 404 (older operators), never both', async () => {
    const { get, requests } = scripted(
      response(404, { code: 404 }),
      page(['a'], 't1'),
      page(['b']),
    );
    const result = await listAll(get, externalSecrets, { pageSize: 1 });
    expect(result.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b']);
    expect(result.requests).toBe(3);
    expect(requests.map(r => r.path)).toEqual([
      '/apis/external-secrets.io/v1/externalsecrets?limit=1',
      '/apis/external-secrets.io/v1beta1/externalsecrets?limit=1',
      '/apis/external-secrets.io/v1beta1/externalsecrets?limit=1&continue=t1',
    ]);
  });

  it('does not change version on a 404 in the middle of a list', async () => {
    const { get, requests } = scripted(
      page(['a'], 't1'),
      response(404, { code: 404 }),
    );
    await listAll(get, externalSecrets, { pageSize: 1 });
    expect(requests).toHaveLength(2);
    expect(requests.every(r => r.path.includes('/v1/'))).toBe(true);
  });

  it('asks for metadata only and keeps nothing but metadata of Secrets', async () => {
    const { get, requests } = scripted(
      response(200, {
        items: [
          {
            metadata: { name: 'regcred', namespace: 'shop' },
            data: { '.dockerconfigjson': 'c2VjcmV0' },
            stringData: { token: 'secret' },
          },
        ],
        metadata: {},
      }),
    );
    const { items } = await listAll(get, secrets);
    expect(requests[0].accept).toContain('as=PartialObjectMetadataList');
    expect(requests[0].path).toContain(
      'fieldSelector=type%3Dkubernetes.io%2Fdockerconfigjson',
    );
    expect(items).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/dockerconfigjson',
        metadata: { name: 'regcred', namespace: 'shop' },
      },
    ]);
    expect(JSON.stringify(items)).not.toContain('c2VjcmV0');
  });

  it('lists legacy dockercfg pull secrets too, as metadata, since the kubelet reads them', async () => {
    const { get, requests } = scripted(
      response(200, {
        items: [{ metadata: { name: 'old' }, data: { '.dockercfg': 'x' } }],
        metadata: {},
      }),
    );
    const { items } = await listAll(get, legacySecrets);
    expect(requests[0].path).toContain('type%3Dkubernetes.io%2Fdockercfg');
    expect(items).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/dockercfg',
        metadata: { name: 'old' },
      },
    ]);
  });

  it.each(LISTED_KINDS.map(k => [k.key, k] as [string, ListedKind]))(
    'lists %s cluster-wide',
    (_key, kind) => {
      expect(kind.path).not.toContain('/namespaces/');
    },
  );
});
