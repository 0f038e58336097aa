import { GetRoleCommand } from '@aws-sdk/client-iam';
import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { awsClients } from './__testUtils__/awsClients';
import { kubeConfigFor } from './__testUtils__/kubeClients';
import { smallScenario } from './__fixtures__/smallScenario';
import { Sandbox, startSandbox } from './startSandbox';

describe('fault injection', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: smallScenario });
  });
  afterEach(() => sandbox.setFaults([]));
  afterAll(() => sandbox.stop());

  it('throttles IAM and the SDK retries until it succeeds', async () => {
    await sandbox.setFaults([
      { api: 'iam', operation: 'GetRole', error: 'throttle', times: 1 },
    ]);
    sandbox.resetRequestCounts();
    const { iam } = awsClients(sandbox);
    const result = await iam.send(new GetRoleCommand({ RoleName: 'eks-node' }));
    expect(result.Role?.RoleName).toBe('eks-node');
    expect(result.$metadata.attempts).toBe(2);
    expect(sandbox.requestCounts()['iam/GetRole']).toBe(2);
  });

  it('fails with the typed error once retries run out', async () => {
    await sandbox.setFaults([{ api: 'ecr', error: 'unavailable' }]);
    const { ecr } = awsClients(sandbox, { maxAttempts: 2 });
    const error = await ecr
      .send(new DescribeRepositoriesCommand({}))
      .catch(e => e);
    expect(error.name).toBe('ServiceUnavailableException');
    expect(error.$metadata.attempts).toBe(2);
  });

  it('answers Kubernetes 429 with Retry-After', async () => {
    await sandbox.setFaults([
      {
        api: 'kubernetes',
        cluster: 'prod',
        operation: 'list:deployments',
        error: 'throttle',
        retryAfterSeconds: 7,
      },
    ]);
    const apps = kubeConfigFor(sandbox.clusters[0]).makeApiClient(AppsV1Api);
    const error = await apps.listDeploymentForAllNamespaces().catch(e => e);
    expect(error.code).toBe(429);
    expect(error.headers['retry-after']).toBe('7');
    expect(JSON.parse(error.body)).toMatchObject({
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 7 },
    });
    // Other operations and clusters are untouched.
    const core = kubeConfigFor(sandbox.clusters[0]).makeApiClient(CoreV1Api);
    expect(
      (await core.listServiceAccountForAllNamespaces()).items.length,
    ).toBeGreaterThan(0);
  });

  it('adds latency and 5xx by error rate', async () => {
    await sandbox.setFaults([
      { api: 'kubernetes', operation: 'list:*', latency: '150ms' },
    ]);
    const core = kubeConfigFor(sandbox.clusters[0]).makeApiClient(CoreV1Api);
    const started = Date.now();
    await core.listNamespace();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await sandbox.setFaults([
      { api: 'kubernetes', error: 'internal', errorRate: 1 },
    ]);
    expect((await core.listNamespace().catch(e => e)).code).toBe(500);
  });

  it('drops connections', async () => {
    await sandbox.setFaults([
      { api: 'kubernetes', cluster: 'prod', dropRate: 1 },
    ]);
    const core = kubeConfigFor(sandbox.clusters[0]).makeApiClient(CoreV1Api);
    const error = await core.listNamespace().catch(e => e);
    expect(String(error.message ?? error)).toMatch(
      /socket hang up|ECONNRESET|other side closed|fetch failed/i,
    );
  });

  it('takes a cluster down: connections are refused fast, and it comes back', async () => {
    await sandbox.setFaults([
      { api: 'kubernetes', cluster: 'edge', down: true },
    ]);
    const core = kubeConfigFor(sandbox.clusters[1]).makeApiClient(CoreV1Api);
    const started = Date.now();
    const error = await core.listNamespace().catch(e => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(`${error.message} ${error.code} ${error.cause?.code ?? ''}`).toMatch(
      /ECONNREFUSED/,
    );
    // The other cluster still answers.
    const prod = kubeConfigFor(sandbox.clusters[0]).makeApiClient(CoreV1Api);
    expect((await prod.listNamespace()).items.length).toBeGreaterThan(0);
    await sandbox.setFaults([]);
    expect((await core.listNamespace()).items.length).toBeGreaterThan(0);
  });

  it('counts requests per operation', async () => {
    sandbox.resetRequestCounts();
    const core = kubeConfigFor(sandbox.clusters[0]).makeApiClient(CoreV1Api);
    await core.listNamespace();
    await core.listNamespace();
    await core.readNamespacedServiceAccount({
      namespace: 'payments',
      name: 'payments-api',
    });
    expect(sandbox.requestCounts()).toEqual({
      'kubernetes:prod/get:serviceaccounts': 1,
      'kubernetes:prod/list:namespaces': 2,
    });
  });

  it('takes an AWS service down: the connection drops and the SDK gives up', async () => {
    await sandbox.setFaults([{ api: 'ecr', down: true }]);
    const { ecr, iam } = awsClients(sandbox, { maxAttempts: 1 });
    const error = await ecr
      .send(new DescribeRepositoriesCommand({}))
      .catch(e => e);
    expect(`${error.name} ${error.code ?? ''} ${error.message}`).toMatch(
      /ECONNRESET|socket hang up/i,
    );
    expect(
      (await iam.send(new GetRoleCommand({ RoleName: 'eks-node' }))).Role,
    ).toBeDefined();
  });

  it('changes faults and reads counters through the control endpoint', async () => {
    const put = await fetch(`${sandbox.awsEndpoint}/_sandbox/faults`, {
      method: 'PUT',
      body: JSON.stringify([
        { api: 'kubernetes', cluster: 'edge', down: true },
      ]),
    });
    expect(put.status).toBe(200);
    const edge = kubeConfigFor(sandbox.clusters[1]).makeApiClient(CoreV1Api);
    expect(String((await edge.listNamespace().catch(e => e)).message)).toMatch(
      /ECONNREFUSED/,
    );
    const bad = await fetch(`${sandbox.awsEndpoint}/_sandbox/faults`, {
      method: 'PUT',
      body: '[{"errorRate": 5}]',
    });
    expect(bad.status).toBe(400);
    const counts = await (
      await fetch(`${sandbox.awsEndpoint}/_sandbox/counts`)
    ).json();
    expect(counts).toEqual(sandbox.requestCounts());
  });

  it('rejects an invalid fault rule naming the field', async () => {
    await expect(
      sandbox.setFaults([{ api: 'kubernetes', errorRate: 2 }]),
    ).rejects.toThrow('faults[0].errorRate');
  });

  it('answers past a Kubernetes rate limit with 429 and Retry-After', async () => {
    await sandbox.setFaults([
      { api: 'kubernetes', cluster: 'prod', rateLimit: { rps: 1, burst: 2 } },
    ]);
    const core = kubeConfigFor(sandbox.clusters[0]).makeApiClient(CoreV1Api);
    const results = await Promise.all(
      [1, 2, 3].map(() => core.listNamespace().catch(e => e)),
    );
    const refused = results.filter(r => r?.code === 429);
    expect(refused).toHaveLength(1);
    expect(Number(refused[0].headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused[0].body).reason).toBe('TooManyRequests');
  });

  it('answers past the IAM rate limit with Throttling, which the SDK retries', async () => {
    await sandbox.setFaults([{ api: 'iam', rateLimit: { rps: 5, burst: 1 } }]);
    const once = awsClients(sandbox, { maxAttempts: 1 });
    const [first, second] = await Promise.all(
      [1, 2].map(() =>
        once.iam
          .send(new GetRoleCommand({ RoleName: 'eks-node' }))
          .catch(e => e),
      ),
    );
    const throttled: any = [first, second].find(r => r instanceof Error);
    expect(throttled?.name).toBe('Throttling');
    expect(throttled?.$metadata.httpStatusCode).toBe(400);
    expect(throttled?.$fault).toBe('client');
    // The standard retry mode treats Throttling as retryable, with backoff.
    const { iam } = awsClients(sandbox, { maxAttempts: 6 });
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        iam.send(new GetRoleCommand({ RoleName: 'eks-node' })),
      ),
    );
    expect(results.map(r => r.Role?.RoleName)).toEqual([
      'eks-node',
      'eks-node',
      'eks-node',
    ]);
    expect(
      Math.max(...results.map(r => r.$metadata.attempts ?? 1)),
    ).toBeGreaterThan(1);
    // The standard mode's throttling backoff is random up to 0.5 s × 2^attempt (the SDK's
    // THROTTLING_RETRY_DELAY_BASE): five retries can wait 15 s, beyond jest's default 5 s.
  }, 30_000);
});
