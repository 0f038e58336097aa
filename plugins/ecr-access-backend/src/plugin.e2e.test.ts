import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Sandbox } from '@ecr-access/sandbox';
import {
  DEMO_SCENARIO,
  expectNoCanary,
  useSandbox,
} from '@ecr-access/test-utils';
import request from 'supertest';
import { startAuditingBackend } from './__testUtils__/auditingBackend';

jest.setTimeout(90_000);

// The whole plugin as an installer runs it: config, the scheduled audit over real HTTP to the
// sandbox's clusters and AWS, the store on a real database, and the authenticated API.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'ecr-access plugin (%s)',
  databaseId => {
    let sandbox: Sandbox;
    let backend: TestBackend;
    const user = mockCredentials.user.header();

    useSandbox({
      scenario: DEMO_SCENARIO,
      async started(started) {
        sandbox = started;
        const knex = await databases.init(databaseId);
        ({ backend } = await startAuditingBackend({ sandbox, knex }));
      },
      stopping: () => backend?.stop(),
    });

    async function status(name: string) {
      // The start-up audit runs in the background; wait for this entity's result.
      for (let i = 0; i < 100; i++) {
        const res = await request(backend.server)
          .get(`/api/ecr-access/entities/component/default/${name}/status`)
          .set('Authorization', user);
        if (res.status !== 404) return res;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      throw new Error(`${name} was never audited`);
    }

    it.each([
      ['payments-api', 'service-account-role', 'ok', []],
      ['orders-worker', 'rotating-secret', 'ok', []],
      ['health-check', 'rotating-secret', 'ok', []],
      ['legacy-billing', 'static-secret', 'error', ['SECRET_EXPIRED']],
      ['reports-batch', 'fargate-role', 'ok', []],
      ['docs-site', 'anonymous', 'ok', []],
      ['catalog-web', 'node-role', 'ok', []],
      [
        'shipping-api',
        'service-account-role',
        'error',
        ['TRUST_POLICY_MISMATCH'],
      ],
      ['inventory-api', 'node-role', 'error', ['SA_NOT_USED_BY_WORKLOAD']],
      ['fraud-scorer', 'rotating-secret', 'error', ['REFRESHER_FAILING']],
      [
        'ml-feature-store',
        'service-account-role',
        'error',
        ['OIDC_PROVIDER_MISSING'],
      ],
    ])(
      'serves %s: pulls with %s, health %s, findings %j',
      async (name, mechanism, health, codes) => {
        const res = await status(name);
        expect(res.status).toBe(200);
        expect(res.body.mechanisms).toEqual([mechanism]);
        // edge-euw1 is down from start-up and any entity may run there: what would be "ok"
        // is "unknown" (unknown is not healthy), stale, with CLUSTER_UNREACHABLE.
        expect(res.body.health).toBe(health === 'ok' ? 'unknown' : health);
        expect(res.body.stale).toBe(true);
        const found = res.body.findings.map((f: { code: string }) => f.code);
        expect(found).toEqual(expect.arrayContaining(codes));
        expectNoCanary(sandbox, res.text);
      },
    );

    it("recognises seed 002's refresher as its users write it, with no false finding", async () => {
      const res = await status('health-check');
      expect(res.body.summary).toMatch(
        /^Pulls use a rotating secret, refreshed \d+ h ago by CronJob ecr-registry-helper \(stale: edge-euw1 /,
      );
      expect(res.body.findings.map((f: { code: string }) => f.code)).toEqual([
        'CLUSTER_UNREACHABLE',
      ]);
    });

    it('lists the audit, filtered by mechanism, with summary counts', async () => {
      await status('payments-api');
      const res = await request(backend.server)
        .get('/api/ecr-access/audit?mechanism=static-secret')
        .set('Authorization', user);
      expect(res.status).toBe(200);
      const refs = res.body.items.map(
        (i: { entityRef: string }) => i.entityRef,
      );
      expect(refs).toEqual(
        expect.arrayContaining(['component:default/legacy-billing']),
      );
      expect(refs).not.toContain('component:default/payments-api');
      expect(res.body.summary.byMechanism['static-secret']).toBeGreaterThan(0);
    });

    it('records one run per cluster, the unreachable one as failed', async () => {
      await status('payments-api');
      const res = await request(backend.server)
        .get('/api/ecr-access/audit/runs')
        .set('Authorization', user);
      const byCluster = Object.fromEntries(
        res.body.items.map((r: { cluster: string; status: string }) => [
          r.cluster,
          r.status,
        ]),
      );
      expect(byCluster).toEqual({
        'prod-use1': expect.stringMatching(/succeeded|partial/),
        'shared-usw2': expect.stringMatching(/succeeded|partial/),
        'edge-euw1': 'failed',
      });
    });

    it('refreshes one entity on demand', async () => {
      await status('payments-api');
      sandbox.resetRequestCounts();
      const res = await request(backend.server)
        .post('/api/ecr-access/entities/component/default/payments-api/refresh')
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body.mechanisms).toEqual(['service-account-role']);
      const listed = Object.keys(sandbox.requestCounts()).filter(k =>
        k.startsWith('kubernetes:'),
      );
      expect(listed.length).toBeGreaterThan(0);
    });

    it('answers 401 without credentials', async () => {
      // startTestBackend treats a request without a header as a mock user; this is the
      // header of a request that carries no credentials at all.
      const res = await request(backend.server)
        .get('/api/ecr-access/entities/component/default/payments-api/status')
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });
  },
);
