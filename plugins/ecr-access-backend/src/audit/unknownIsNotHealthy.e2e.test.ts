import {
  mockCredentials,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import {
  DEMO_SCENARIO,
  demoEntities,
  useSandbox,
} from '@ecr-access/test-utils';
import {
  startAuditingBackend,
  untilAudited,
} from '../__testUtils__/auditingBackend';

jest.setTimeout(120_000);

// "Unknown is not healthy", over real HTTP: the demo's sandbox (edge-euw1 down from start-up),
// the plugin as installed, its scheduled start-up audit and its API.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', owner: 'team-a' },
});

const EXTRA = [
  component('broken-selector', {
    'backstage.io/kubernetes-label-selector': 'app in (search',
  }),
  component('no-kubernetes', {}),
];

describe.each(databases.eachSupportedId())(
  'unknown is not healthy (%s)',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let get: (path: string) => request.Test;
    const user = mockCredentials.user.header();
    const sandbox = useSandbox({
      scenario: DEMO_SCENARIO,
      stopping: () => backend?.stop(),
    });

    /** The plugin as installed, its start-up audit run (in the background) or not. */
    async function start(auditAtStartUp: boolean) {
      ({ backend, get } = await startAuditingBackend({
        sandbox: sandbox(),
        knex: await databases.init(databaseId),
        entities: [...demoEntities(), ...EXTRA],
        auditAtStartUp,
      }));
    }

    it('says that no audit has completed before the first one', async () => {
      await start(false);
      const audit = await get('/audit');
      expect(audit.status).toBe(200);
      expect(audit.body).toMatchObject({
        items: [],
        totalCount: 0,
        auditCompleted: false,
        lastCompletedAt: null,
      });
      // An entity the audit covers is "not yet checked", never a healthy-looking 404 or ok.
      const status = await get('/entities/component/default/search-api/status');
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        checked: false,
        health: 'unknown',
        workloads: [],
      });
      expect(status.body.summary).toMatch(/^Not yet checked/);
      await backend.stop();
    });

    describe('with edge-euw1 down from start-up', () => {
      beforeAll(async () => {
        await start(true);
        await untilAudited(get, 3);
      });

      it('shows every entity with CLUSTER_UNREACHABLE naming edge-euw1, never read, stale, not ok', async () => {
        const res = await get('/entities/component/default/search-api/status');
        expect(res.status).toBe(200);
        const unreachable = res.body.findings.filter(
          (f: { code: string }) => f.code === 'CLUSTER_UNREACHABLE',
        );
        expect(unreachable).toEqual([
          expect.objectContaining({
            severity: 'unknown',
            subject: 'cluster edge-euw1',
            message: expect.stringMatching(/edge-euw1.*never read/),
          }),
        ]);
        expect(res.body).toMatchObject({ stale: true, checked: true });
        expect(res.body.health).not.toBe('ok');
        const edge = res.body.clusters.find(
          (c: { cluster: string }) => c.cluster === 'edge-euw1',
        );
        expect(edge).toMatchObject({ reachable: false });
        expect(edge.lastSuccessAt).toBeUndefined();
        expect(JSON.stringify(edge)).not.toMatch(/https?:|127\.0\.0\.1/);
        expect(res.body.clusters).toContainEqual(
          expect.objectContaining({ cluster: 'prod-use1', reachable: true }),
        );
        // payments-api runs on prod-use1 only, healthy there; edge-euw1 may hide workloads.
        const payments = await get(
          '/entities/component/default/payments-api/status',
        );
        expect(payments.body).toMatchObject({ stale: true, health: 'unknown' });
      });

      it('filters by health=unknown and stale=true, and says an audit completed', async () => {
        const unknown = await get('/audit?health=unknown&limit=500');
        const refs = unknown.body.items.map(
          (i: { entityRef: string }) => i.entityRef,
        );
        expect(refs).toEqual(
          expect.arrayContaining([
            'component:default/search-api',
            'component:default/payments-api',
            'component:default/broken-selector',
          ]),
        );
        expect(
          unknown.body.items.every(
            (i: { health: string }) => i.health === 'unknown',
          ),
        ).toBe(true);
        expect(unknown.body).toMatchObject({
          auditCompleted: true,
          lastCompletedAt: expect.any(String),
        });
        const stale = await get('/audit?stale=true&limit=500');
        expect(stale.body.totalCount).toBeGreaterThan(0);
        expect(stale.body.items.every((i: { stale: boolean }) => i.stale)).toBe(
          true,
        );
        const fresh = await get('/audit?stale=false');
        expect(fresh.body.totalCount).toBe(0);
      });

      it('reports an unparsable label selector as INPUT_MALFORMED', async () => {
        const res = await get(
          '/entities/component/default/broken-selector/status',
        );
        expect(res.status).toBe(200);
        expect(res.body.health).toBe('unknown');
        expect(res.body.findings[0]).toMatchObject({
          code: 'INPUT_MALFORMED',
          subject: 'annotation backstage.io/kubernetes-label-selector',
          message: expect.stringContaining('unbalanced parentheses'),
        });
      });

      it('lists the clusters a refresh could not reach, and answers 400 without annotations', async () => {
        const res = await request(backend.server)
          .post('/api/ecr-access/entities/component/default/search-api/refresh')
          .set('Authorization', user);
        expect(res.status).toBe(200);
        expect(res.body.unreachableClusters).toEqual([
          { cluster: 'edge-euw1', error: expect.any(String) },
        ]);
        expect(res.body.unreachableClusters[0].error).not.toMatch(
          /https?:\/\/|127\.0\.0\.1/,
        );
        expect(res.body).toMatchObject({ stale: true });
        expect(
          res.body.clusters.find(
            (c: { cluster: string }) => c.cluster === 'edge-euw1',
          ),
        ).toMatchObject({ reachable: false });

        const bare = await request(backend.server)
          .post(
            '/api/ecr-access/entities/component/default/no-kubernetes/refresh',
          )
          .set('Authorization', user);
        expect(bare.status).toBe(400);
        expect(bare.body.error.message).toMatch(
          /no backstage.io\/kubernetes-id or backstage.io\/kubernetes-label-selector annotation/,
        );
      });
    });
  },
);
