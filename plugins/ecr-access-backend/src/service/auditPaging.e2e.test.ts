import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { recordingAuditor } from '@ecr-access/test-utils';
import request from 'supertest';
import { DatabaseEcrAccessStore } from '../database';
import { aggregateStatus } from '../audit/pipeline';
import { ecrAccessPlugin } from '../plugin';
import { entityResult, workload } from '../__fixtures__/workloads';
import { OWNER_ENTITIES } from '../__fixtures__/owners';

jest.setTimeout(240_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** More than two pages of the CSV export (500 rows each). */
const ENTITIES = 1200;
const OWNERS = [
  'group:default/team-a', // metadata.title "Team Alpha"
  'group:default/team-b', // spec.profile.displayName "Payments Squad"
  'user:default/carol', // not in the catalog: no display name
];
/** Long titles make the export 12 MB, beyond what loopback socket buffers absorb. */
const LONG = 'x'.repeat(10_000);

/**
 * Entity i: owner OWNERS[i % 3]; every third a static secret that expired, the others the
 * node role; all on cluster `Prod-East` (its name in mixed case, as a locator may give it).
 */
async function seed(store: DatabaseEcrAccessStore) {
  await store.writeClusterResults({
    cluster: 'Prod-East',
    checkedAt: new Date('2026-12-03T10:00:00.000Z'),
    entities: Array.from({ length: ENTITIES }, (_, i) => {
      const name = `svc-${String(i).padStart(4, '0')}`;
      const secret = i % 3 === 0;
      return entityResult(
        name,
        [
          workload({
            cluster: 'Prod-East',
            name,
            pullAuth: secret ? 'static-secret' : 'node-role',
            findings: secret ? ['SECRET_EXPIRED'] : [],
          }),
        ],
        { owner: OWNERS[i % 3], title: `${name} ${LONG}` },
      );
    }),
  });
}

type Page = {
  items: Array<{ entityRef: string; health: string; owner?: string }>;
  totalCount: number;
  nextCursor?: string;
};

describe.each(databases.eachSupportedId())(
  'audit paging, facets and export over HTTP (%s)',
  databaseId => {
    let backend: TestBackend;
    const catalog = catalogServiceMock({ entities: OWNER_ENTITIES });
    const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const { auditor, auditEvent } = recordingAuditor();

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          ecrAccessPlugin,
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.user(),
          }),
          createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => catalog,
          }),
          auditor.factory,
        ],
      });
      await seed(
        await DatabaseEcrAccessStore.create({
          database: mockServices.database({ knex }),
          aggregate: aggregateStatus,
        }),
      );
    });

    afterAll(() => backend.stop());

    const get = (path: string) =>
      request(backend.server).get(`/api/ecr-access${path}`);

    it('GET /audit/facets lists the pickers with owner display names, asking the catalog once', async () => {
      const first = await get('/audit/facets');
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        owners: [
          { ref: 'group:default/team-a', title: 'Team Alpha' },
          { ref: 'group:default/team-b', title: 'Payments Squad' },
          { ref: 'user:default/carol' },
        ],
        clusters: ['Prod-East'],
        mechanisms: ['node-role', 'static-secret'],
        findings: ['SECRET_EXPIRED'],
      });
      expect((await get('/audit/facets')).body).toEqual(first.body);
      expect(byRefs).toHaveBeenCalledTimes(1);
      expect(byRefs.mock.calls[0][0].entityRefs).toEqual(OWNERS);
    });

    it.each([
      ['team-a', 400],
      ['TEAM ALPHA', 400],
      ['Group:Default/Team-A', 400],
      ['group:team-a', 400],
      ['payments squad', 400],
      ['Carol', 400],
      ['nobody', 0],
    ])('?owner=%s matches %i entities', async (owner, count) => {
      const res = await get(`/audit?owner=${encodeURIComponent(owner)}`);
      expect(res.status).toBe(200);
      expect(res.body.totalCount).toBe(count);
    });

    it.each([
      ['alpha', 400], // team-a's metadata.title "Team Alpha"
      ['PAYMENTS SQ', 400], // team-b's spec.profile.displayName "Payments Squad"
      ['carol', 400], // no display name: its ref
      ['Squad Payments', 0],
    ])(
      '?q=%s matches the owner display names: %i entities',
      async (q, count) => {
        const res = await get(`/audit?q=${encodeURIComponent(q)}`);
        expect(res.status).toBe(200);
        expect(res.body.totalCount).toBe(count);
      },
    );

    it('narrows ?q= on a display name by the other filters', async () => {
      const res = await get('/audit?q=alpha&owner=team-b');
      expect(res.body.totalCount).toBe(0);
      const csv = await get('/audit?q=squad&format=csv');
      expect(csv.text.trim().split('\n')).toHaveLength(1 + 400);
    });

    it('matches the cluster without regard to case, from the kept counts', async () => {
      const res = await get('/audit?cluster=prod-east&limit=1');
      expect(res.body.totalCount).toBe(ENTITIES);
      expect(res.body.summary).toEqual({
        byMechanism: { 'node-role': 800, 'static-secret': 400 },
        byHealth: { ok: 800, error: 400 },
      });
      const none = await get('/audit?cluster=prod');
      expect(none.body.totalCount).toBe(0);
    });

    it.each([
      ['entityRef', 'asc'],
      ['entityRef', 'desc'],
      ['health', 'desc'],
      ['health', 'asc'],
      ['owner', 'asc'],
      ['owner', 'desc'],
      ['checkedAt', 'desc'],
    ])(
      'walks every entity once by nextCursor, ordered by %s %s',
      async (orderBy, order) => {
        const seen: Page['items'] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const res = await get(
            `/audit?orderBy=${orderBy}&order=${order}&limit=500&mechanism=static-secret${
              after ? `&after=${after}` : ''
            }`,
          );
          expect(res.status).toBe(200);
          const page: Page = res.body;
          expect(page.totalCount).toBe(400);
          seen.push(...page.items);
          after = page.nextCursor;
          pages++;
        } while (after);
        expect(pages).toBe(1);
        // And in pages of 7, the same rows in the same order as one page.
        const small: Page['items'] = [];
        after = undefined;
        do {
          const res = await get(
            `/audit?orderBy=${orderBy}&order=${order}&limit=7&mechanism=static-secret${
              after ? `&after=${after}` : ''
            }`,
          );
          small.push(...res.body.items);
          after = res.body.nextCursor;
        } while (after);
        expect(small.map(i => i.entityRef)).toEqual(seen.map(i => i.entityRef));
        expect(new Set(small.map(i => i.entityRef)).size).toBe(400);
      },
    );

    it('keeps offset working beside the cursor', async () => {
      const byOffset = await get('/audit?limit=5&offset=5');
      const first = await get('/audit?limit=5');
      const byCursor = await get(
        `/audit?limit=5&after=${first.body.nextCursor}`,
      );
      expect(byCursor.body.items).toEqual(byOffset.body.items);
    });

    it.each([
      ['not-a-cursor!', 'after'],
      ['Zm9v', 'after'], // base64url of "foo": not a cursor
    ])('rejects ?after=%s naming the parameter', async (after, parameter) => {
      const res = await get(`/audit?after=${encodeURIComponent(after)}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`'${parameter}'`);
    });

    it('rejects a cursor read in another order', async () => {
      const page = await get('/audit?orderBy=health&limit=2');
      const res = await get(
        `/audit?orderBy=owner&limit=2&after=${page.body.nextCursor}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain("'after'");
    });

    it('exports every matching entity by keyset, over several pages', async () => {
      auditEvent.success.mockClear();
      const res = await get('/audit?format=csv&orderBy=owner&order=desc');
      expect(res.status).toBe(200);
      const refs = res.text
        .split('\r\n')
        .slice(1, -1)
        .map(line => line.split(',')[0]);
      expect(refs).toHaveLength(ENTITIES);
      expect(new Set(refs).size).toBe(ENTITIES);
      expect(auditEvent.success).toHaveBeenCalledTimes(1);
    });

    it('stops the export when the client disconnects', async () => {
      auditEvent.fail.mockClear();
      auditEvent.success.mockClear();
      const { port } = backend.server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => {
        const req = http.get(
          `http://127.0.0.1:${port}/api/ecr-access/audit?format=csv`,
          res => {
            // Read one chunk, then stop reading and go away: the server is waiting on
            // 'drain' for megabytes not yet written.
            res.once('data', () => {
              res.pause();
              setTimeout(() => {
                req.destroy();
                resolve();
              }, 200);
            });
          },
        );
        req.on('error', reject);
      });
      await waitFor(() => auditEvent.fail.mock.calls.length > 0);
      expect(auditEvent.fail.mock.calls[0][0].error.message).toBe(
        'The client closed the export',
      );
      expect(auditEvent.success).not.toHaveBeenCalled();
    });
  },
);

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 50));
  }
}
