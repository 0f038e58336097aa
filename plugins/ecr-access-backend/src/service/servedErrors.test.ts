import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  headersOf,
  startSecurityBackend,
} from './__testUtils__/securityBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** What the stored errors of the seed name: an internal API server. */
const INTERNAL = /10\.0\.0\.1|kube\.corp\.internal|https?:\/\//;

describe.each(databases.eachSupportedId())(
  'errors as the API serves them (%s)',
  databaseId => {
    let started: Awaited<ReturnType<typeof startSecurityBackend>>;

    beforeAll(async () => {
      started = await startSecurityBackend(await databases.init(databaseId));
    });

    afterAll(() => started.backend.stop());

    const api = (path: string) => `/api/ecr-access${path}`;

    it('serves audit run errors as a stable code and a message without endpoints', async () => {
      const res = await request(started.server)
        .get(api('/audit/runs?cluster=edge'))
        .set(headersOf('allowed'));
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0].errors).toEqual([
        {
          cluster: 'edge',
          code: 'CONNECTION_REFUSED',
          message:
            'request to <redacted> failed, reason: connect ECONNREFUSED <redacted>',
        },
      ]);
    });

    it('serves an unreachable cluster of an entity without its address', async () => {
      await started.store.markClusterUnreachable({
        cluster: 'prod',
        checkedAt: new Date('2026-11-23T11:00:00.000Z'),
        error:
          'getaddrinfo ENOTFOUND kube.corp.internal (https://kube.corp.internal:6443)',
      });
      const res = await request(started.server)
        .get(api('/entities/component/default/web/status'))
        .set(headersOf('allowed'));
      expect(res.status).toBe(200);
      expect(res.body.stale).toBe(true);
      const cluster = res.body.clusters.find(
        (c: { cluster: string }) => c.cluster === 'prod',
      );
      expect(cluster.error).toBe(
        'getaddrinfo ENOTFOUND <redacted> (<redacted>)',
      );
      const unreachable = res.body.findings.find(
        (f: { code: string }) => f.code === 'CLUSTER_UNREACHABLE',
      );
      expect(unreachable.message).toContain('ENOTFOUND <redacted>');
      expect(JSON.stringify(res.body)).not.toMatch(INTERNAL);
      // Nor through the other routes that show the entity.
      for (const path of [
        '/entities/component/default/web/history',
        '/audit',
        '/audit?format=csv',
      ]) {
        const other = await request(started.server)
          .get(api(path))
          .set(headersOf('allowed'));
        expect({ path, status: other.status }).toEqual({ path, status: 200 });
        expect(other.text).not.toMatch(INTERNAL);
      }
    });

    it('answers a failed refresh without the address the refresher could not reach', async () => {
      started.refreshEntity.mockRejectedValueOnce(
        new Error('connect ECONNREFUSED 10.0.0.1:443'),
      );
      const res = await request(started.server)
        .post(api('/entities/component/default/web/refresh'))
        .set(headersOf('allowed'));
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({
        name: 'RefreshFailedError',
        message:
          'Refresh of component:default/web failed: connect ECONNREFUSED <redacted>',
      });
    });
  },
);
