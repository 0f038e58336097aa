import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Sandbox } from '@ecr-access/sandbox';
import { SdkAwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import type { EcrAccessCluster } from '@ecr-access/plugin-ecr-access-node/clients';
import { readEcrAccessClusters } from '@ecr-access/plugin-ecr-access-node/clients';
import { DatabaseEcrAccessStore } from '../../database';
import { expectNoCanary } from '@ecr-access/test-utils';
import {
  DEMO_AWS_ACCOUNTS,
  DEMO_SCENARIO,
  demoEntities,
  sandboxAppConfig,
  useSandbox,
} from '@ecr-access/test-utils';
import { sum as sumCounts } from '../../__testUtils__/faultMatrix';
import { readAuditedEntities } from '../catalogEntities';
import { AuditAbortedError, AuditPipeline, runAudit } from './runAudit';
import { aggregateStatus } from './aggregate';
import { CatalogEntity } from '../catalogEntities';
import { clusterScope, entityScope } from './scope';

jest.setTimeout(60_000);

// The whole audit path over real HTTP: the sandbox's demo clusters and AWS account, the real
// Kubernetes and AWS clients, the pure engine, and the store on each database engine.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('runAudit (%s)', databaseId => {
  let sandbox: Sandbox;
  let store: DatabaseEcrAccessStore;
  let pipeline: AuditPipeline;
  let clusters: EcrAccessCluster[];
  const logger = mockServices.logger.mock();

  useSandbox({
    scenario: DEMO_SCENARIO,
    started: running => {
      sandbox = running;
    },
  });

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    store = await DatabaseEcrAccessStore.create({
      database: mockServices.database({ knex }),
      aggregate: aggregateStatus,
    });
    clusters = readEcrAccessClusters(
      new ConfigReader(sandboxAppConfig(sandbox)),
    );
    pipeline = {
      store,
      logger,
      now: () => new Date(),
      aws: SdkAwsClients.fromConfig(
        new ConfigReader({ aws: { accounts: DEMO_AWS_ACCOUNTS } }),
      ),
      connections: {
        kubernetesClusters: new Map(
          sandbox.clusters.map(c => [
            c.name,
            { name: c.name, url: c.url, authMetadata: {} },
          ]),
        ),
        resolveEndpoint: async details => ({
          name: details.name,
          url: details.url,
          token: sandbox.clusters.find(c => c.name === details.name)!.token,
        }),
      },
    };
  });

  /** The scheduled audit of one cluster: its run record. */
  async function audit(
    cluster: EcrAccessCluster,
    entities: CatalogEntity[],
    signal?: AbortSignal,
  ) {
    return (await runAudit(pipeline, cluster, clusterScope(entities), signal))
      .run;
  }

  /** A refresh of one entity on one cluster, as the scheduler sums it up. */
  async function refresh(cluster: EcrAccessCluster, entity: CatalogEntity) {
    const outcome = await runAudit(pipeline, cluster, entityScope(entity));
    return { workloads: outcome.entityWorkloads, errors: outcome.run.errors };
  }

  async function auditAll() {
    const entities = await readAuditedEntities(
      catalogServiceMock({ entities: demoEntities() }),
      mockCredentials.service(),
    );
    const runs = [];
    for (const cluster of clusters) {
      runs.push(await audit(cluster, entities));
    }
    return runs;
  }

  it('audits every reachable cluster and stores what each entity pulls with', async () => {
    const runs = await auditAll();
    expect(runs.map(r => [r.cluster, r.status])).toEqual([
      ['prod-use1', expect.stringMatching(/succeeded|partial/)],
      ['shared-usw2', expect.stringMatching(/succeeded|partial/)],
      ['edge-euw1', 'failed'],
    ]);
    const mechanism = async (name: string) =>
      (await store.getEntityStatus(`component:default/${name}`))?.status
        .mechanisms;
    expect(await mechanism('payments-api')).toEqual(['service-account-role']);
    expect(await mechanism('orders-worker')).toEqual(['rotating-secret']);
    expect(await mechanism('legacy-billing')).toEqual(['static-secret']);
    expect(await mechanism('docs-site')).toEqual(['anonymous']);
    expect(await mechanism('catalog-web')).toEqual(['node-role']);
    expect(await mechanism('reports-batch')).toEqual(['fargate-role']);

    const legacy = await store.getEntityStatus(
      'component:default/legacy-billing',
    );
    expect(legacy?.status.findings.map(f => f.code)).toContain(
      'SECRET_EXPIRED',
    );
    expect(legacy?.status.health).toBe('error');
  });

  it('reads each cluster with the same number of Kubernetes requests, whatever the entities', async () => {
    const [prod] = await auditAll();
    const entities = await readAuditedEntities(
      catalogServiceMock({ entities: demoEntities().slice(0, 2) }),
      mockCredentials.service(),
    );
    const fewer = await audit(clusters[0], entities);
    expect(fewer.kubernetesRequests).toBe(prod.kubernetesRequests);
  });

  it('keeps the last status of a cluster that went down, marked stale', async () => {
    // The demo starts with edge-euw1 down; bring it up, audit, then take it down again.
    await sandbox.setFaults([]);
    const upRuns = await auditAll();
    expect(upRuns.map(r => [r.cluster, r.status])).toEqual([
      ['prod-use1', 'succeeded'],
      ['shared-usw2', 'succeeded'],
      ['edge-euw1', 'succeeded'],
    ]);
    const before = await store.getEntityStatus('component:default/search-api');
    expect(before?.status.stale).toBe(false);
    expect(before?.status.workloads.map(w => w.cluster).sort()).toEqual([
      'edge-euw1',
      'prod-use1',
    ]);

    await sandbox.setFaults([
      { api: 'kubernetes', cluster: 'edge-euw1', down: true },
    ]);
    const runs = await auditAll();
    expect(runs.find(r => r.cluster === 'edge-euw1')?.status).toBe('failed');
    const after = await store.getEntityStatus('component:default/search-api');
    expect(after?.status.stale).toBe(true);
    expect(after?.status.findings.map(f => f.code)).toContain(
      'CLUSTER_UNREACHABLE',
    );
    // The last known workloads of the unreachable cluster are kept.
    expect(after?.status.workloads.map(w => w.cluster).sort()).toEqual([
      'edge-euw1',
      'prod-use1',
    ]);
    // The last good read is the one of the first audit, whose results are shown.
    const edgeBefore = before?.status.clusters.find(
      c => c.cluster === 'edge-euw1',
    );
    const edgeAfter = after?.status.clusters.find(
      c => c.cluster === 'edge-euw1',
    );
    expect(edgeBefore).toMatchObject({ reachable: true });
    expect(edgeAfter).toMatchObject({
      reachable: false,
      lastSuccessAt: edgeBefore?.lastSuccessAt,
    });
    expect(
      after?.status.findings.find(f => f.code === 'CLUSTER_UNREACHABLE')
        ?.message,
    ).toContain(`last good read ${edgeBefore?.lastSuccessAt}`);
    expect(after?.status.health).not.toBe('ok');
    // Unreachable for every entity, as any of them may run there: none is "ok".
    const payments = await store.getEntityStatus(
      'component:default/payments-api',
    );
    expect(payments?.status).toMatchObject({
      stale: true,
      health: 'unknown',
    });
    expect(
      payments?.status.clusters.find(c => c.cluster === 'edge-euw1'),
    ).toMatchObject({ reachable: false, lastSuccessAt: expect.any(String) });
  });

  it('refreshes one entity with a few label-selected and namespace-scoped requests', async () => {
    await auditAll();
    const [payments] = (
      await readAuditedEntities(
        catalogServiceMock({ entities: demoEntities() }),
        mockCredentials.service(),
      )
    ).filter(e => e.name === 'payments-api');
    sandbox.resetRequestCounts();
    const result = await refresh(clusters[0], payments);
    expect(result).toEqual({ workloads: 1, errors: [] });
    const kubernetes = Object.entries(sandbox.requestCounts()).filter(([k]) =>
      k.startsWith('kubernetes:'),
    );
    // 6 workload kinds by label (Argo Rollouts' answers 404 here: not installed), then 7
    // supporting lists in its one namespace, the namespace's 6 workload kinds whole (refreshers
    // rarely carry the entity's labels; a workload labelled only in its pod template is the
    // entity's too), plus cluster-wide RBAC and, prod-use1 pulling with service-account
    // tokens, Nodes (the credential provider's preflight): no list of the whole cluster's
    // objects.
    expect(kubernetes.reduce((sum, [, n]) => sum + n, 0)).toBeLessThanOrEqual(
      21,
    );
    const stored = await store.getEntityStatus(
      'component:default/payments-api',
    );
    expect(stored?.status.mechanisms).toEqual(['service-account-role']);
  });

  it("reads AWS facts for the refreshed entity's workloads only, not its namespace's others", async () => {
    // search-api (node role) shares prod-use1's `search` namespace with search-indexer, whose
    // ServiceAccount names an IRSA role and whose image is another repository. A refresh of
    // search-api reads that namespace as possible refreshers, not as its own to check in AWS.
    const [searchApi] = (
      await readAuditedEntities(
        catalogServiceMock({ entities: demoEntities() }),
        mockCredentials.service(),
      )
    ).filter(e => e.name === 'search-api');
    const prod = clusters.find(c => c.name === 'prod-use1')!;
    sandbox.resetRequestCounts();
    expect(await refresh(prod, searchApi)).toEqual({
      workloads: 1,
      errors: [],
    });
    const aws = Object.fromEntries(
      Object.entries(sandbox.requestCounts()).filter(
        ([k]) => !k.startsWith('kubernetes:'),
      ),
    );
    // The node role, once; no IRSA role, so no OIDC provider; one repository.
    // The cluster's own roles (node and Fargate pod execution), each once; no IRSA role, so
    // no OIDC provider; one repository (search-api's, not search/indexer).
    const fargate = typeof prod.fargate === 'object' ? prod.fargate : undefined;
    const infraRoles = new Set([
      ...(prod.nodeRoleArns ?? []),
      ...(fargate?.podExecutionRoleArns ?? []),
    ]);
    expect(aws['iam/GetRole']).toBe(infraRoles.size);
    expect(Object.keys(aws).filter(k => /OpenIDConnect/.test(k))).toEqual([]);
    expect(aws['ecr/DescribeRepositories']).toBe(1);
  });

  it("counts only the refreshed entity's own workloads, not the CronJobs read beside them", async () => {
    await auditAll();
    const entities = await readAuditedEntities(
      catalogServiceMock({ entities: demoEntities() }),
      mockCredentials.service(),
    );
    const reachable = clusters.filter(c => c.name !== 'edge-euw1');
    for (const entity of entities) {
      const stored = await store.getEntityStatus(entity.entityRef);
      for (const cluster of reachable) {
        // What the whole-cluster audit found of this entity on this cluster.
        const audited =
          stored?.status.workloads.filter(w => w.cluster === cluster.name)
            .length ?? 0;
        const refreshed = await refresh(cluster, entity);
        expect([entity.entityRef, cluster.name, refreshed.workloads]).toEqual([
          entity.entityRef,
          cluster.name,
          audited,
        ]);
      }
    }
  });

  it("stops at the scheduler's abort: no Kubernetes request after it, nothing written", async () => {
    await sandbox.setFaults([]);
    await auditAll();
    const [prod] = clusters;
    const entities = await readAuditedEntities(
      catalogServiceMock({ entities: demoEntities() }),
      mockCredentials.service(),
    );
    const statusBefore = await store.getEntityStatus(
      'component:default/payments-api',
    );
    const runsBefore = await store.listRuns({ cluster: prod.name });
    // Slow lists keep the audit mid-collection while the signal fires.
    await sandbox.setFaults([
      { api: 'kubernetes', cluster: prod.name, latency: '500ms' },
    ]);
    sandbox.resetRequestCounts();
    const requests = () =>
      sumCounts(sandbox.requestCounts(), `kubernetes:${prod.name}/`);
    try {
      const controller = new AbortController();
      const running = audit(prod, entities, controller.signal);
      running.catch(() => {}); // asserted below
      // Abort once the collector's 4 concurrent lists have all arrived: nothing in transit.
      while (requests() < 4) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      const atAbort = requests();
      controller.abort(new Error('task timed out'));
      await expect(running).rejects.toThrow(AuditAbortedError);
      // Why the cluster has no run for this cadence, in the replica's log.
      expect(logger.warn).toHaveBeenCalledWith(
        `ecr-access audit of ${prod.name} aborted: Error: task timed out`,
        { cluster: prod.name },
      );
      // Longer than one slow list: a request queued before the abort would have arrived.
      await new Promise(resolve => setTimeout(resolve, 1_000));
      expect(requests()).toBe(atAbort);
    } finally {
      await sandbox.setFaults([]);
    }
    // Neither results nor "unreachable" nor a run: another replica may own the cluster now.
    expect(
      await store.getEntityStatus('component:default/payments-api'),
    ).toEqual(statusBefore);
    expect(await store.listRuns({ cluster: prod.name })).toEqual(runsBefore);
  });

  it('degrades only secret-based findings when Secrets are forbidden', async () => {
    await sandbox.setFaults([
      {
        api: 'kubernetes',
        cluster: 'prod-use1',
        operation: 'list:secrets',
        error: { status: 403, code: 'Forbidden' },
      },
    ]);
    try {
      const [prod] = await auditAll();
      expect(prod.status).toBe('partial');
      expect(prod.errors.map(e => e.message).join()).toMatch(/secrets/);
      const legacy = await store.getEntityStatus(
        'component:default/legacy-billing',
      );
      // The expired-secret verdict needs the Secret's metadata: now unknown, and says why.
      expect(legacy?.status.findings.map(f => f.code)).toContain(
        'SECRETS_NOT_READABLE',
      );
      expect(legacy?.status.findings.map(f => f.code)).not.toContain(
        'SECRET_EXPIRED',
      );
      expect(legacy?.status.health).toBe('unknown');
      // What needs no Secret is unaffected.
      const payments = await store.getEntityStatus(
        'component:default/payments-api',
      );
      expect(payments?.status.mechanisms).toEqual(['service-account-role']);
      expect(payments?.status.health).toBe('ok');
    } finally {
      await sandbox.setFaults([]);
    }
  });

  it('stores no secret content', async () => {
    await auditAll();
    const { items } = await store.listAudit({ limit: 500, offset: 0 });
    expect(items.length).toBeGreaterThan(20);
    for (const item of items) {
      const stored = await store.getEntityStatus(item.entityRef);
      expectNoCanary(sandbox, stored);
    }
  });
});
