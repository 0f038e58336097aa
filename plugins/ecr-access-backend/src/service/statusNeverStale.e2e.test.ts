import { TestDatabases } from '@backstage/backend-test-utils';
import { DEMO_SCENARIO, useSandbox } from '@ecr-access/test-utils';
import knexFactory, { Knex } from 'knex';
import {
  startAuditingBackend,
  untilAudited,
} from '../__testUtils__/auditingBackend';

jest.setTimeout(120_000);

// The status route keeps each status's built object and its serialised body (issue #18's
// latency): the first rule still holds, a status is never older than the stored one. Over
// HTTP, the plugin as installed over the demo's sandbox: a status is read until it is kept,
// another backend (a replica: its own connection on PostgreSQL) writes a new one, and the
// first backend's very next answer is the new status.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const STATUS = '/entities/component/default/payments-api/status';
const REFRESH = '/entities/component/default/payments-api/refresh';
const ITS_CLUSTER = 'prod-use1';

/** A second connection to the same database where there can be one (not in-memory SQLite). */
function secondConnection(knex: Knex): Knex {
  const { client, connection } = knex.client.config;
  return client === 'pg' ? knexFactory({ client, connection }) : knex;
}

describe.each(databases.eachSupportedId())(
  'the status is never older than the stored one (%s)',
  databaseId => {
    let reader: Awaited<ReturnType<typeof startAuditingBackend>>;
    let writer: Awaited<ReturnType<typeof startAuditingBackend>>;
    let writerKnex: Knex;
    const sandbox = useSandbox({
      scenario: DEMO_SCENARIO,
      started: async running => {
        await running.setFaults([]);
        const knex = await databases.init(databaseId);
        reader = await startAuditingBackend({ sandbox: running, knex });
        await untilAudited(reader.get, running.clusters.length);
        writerKnex = secondConnection(knex);
        writer = await startAuditingBackend({
          sandbox: running,
          knex: writerKnex,
          auditAtStartUp: false,
        });
      },
      stopping: async () => {
        await writer?.backend.stop();
        await reader?.backend.stop();
        if (writerKnex?.client.config.client === 'pg') {
          await writerKnex.destroy();
        }
      },
      timeout: 60_000,
    });

    /** Read twice: the second answer is the kept one. */
    async function readKept() {
      const first = await reader.get(STATUS);
      const again = await reader.get(STATUS);
      expect(first.status).toBe(200);
      expect(again.text).toBe(first.text);
      expect(again.headers.etag).toBe(first.headers.etag);
      return again;
    }

    /** The entity's row of the audit list, read twice so that its sentence parts are kept. */
    async function listedKept() {
      const path = '/audit?q=payments-api&limit=5';
      await reader.get(path);
      const res = await reader.get(path);
      expect(res.status).toBe(200);
      return res.body.items.find(
        (i: { entityRef: string }) =>
          i.entityRef === 'component:default/payments-api',
      );
    }

    it('answers a new status at once when another backend writes one, and the same body while unchanged', async () => {
      const listedBefore = await listedKept();
      const before = await readKept();
      expect(before.body).toMatchObject({ health: 'ok', stale: false });
      const unchanged = await reader
        .get(STATUS)
        .set('If-None-Match', before.headers.etag);
      expect(unchanged.status).toBe(304);

      // Its cluster goes down; the other backend's refresh writes the entity stale.
      await sandbox().setFaults([
        { api: 'kubernetes', cluster: ITS_CLUSTER, down: true },
      ]);
      const refreshed = await writer.post(REFRESH);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({ stale: true });

      const after = await reader.get(STATUS);
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ stale: true });
      expect(after.body.health).not.toBe('ok');
      expect(
        after.body.clusters.find(
          (c: { cluster: string }) => c.cluster === ITS_CLUSTER,
        ),
      ).toMatchObject({ reachable: false });
      expect(after.headers.etag).not.toBe(before.headers.etag);
      // The audit list's sentence parts are those of the new status too.
      const listedAfter = await listedKept();
      expect(listedAfter.stale).toBe(true);
      expect(listedAfter.summaryParts).not.toEqual(listedBefore.summaryParts);
      expect(JSON.stringify(listedAfter.summaryParts)).toContain(ITS_CLUSTER);
      // The client's copy is no longer current: a full answer, not a 304.
      const stale = await reader
        .get(STATUS)
        .set('If-None-Match', before.headers.etag);
      expect(stale.status).toBe(200);

      // Back up: the next write is seen at once too.
      await readKept();
      await sandbox().setFaults([]);
      expect((await writer.post(REFRESH)).status).toBe(200);
      const recovered = await reader.get(STATUS);
      expect(recovered.body).toMatchObject({ health: 'ok', stale: false });
      expect(recovered.text).toBe((await writer.get(STATUS)).text);
    });

    it("answers each of many requests at once with its own entity's status, as read alone", async () => {
      // The status requests that arrive together share one read of their rows
      // (`database/freshBatchRead.ts`): each must still get its own entity's row.
      const listed = await reader.get('/audit?limit=100');
      const items: Array<{ entityRef: string; health: string }> =
        listed.body.items;
      expect(items.length).toBeGreaterThan(5);
      const pathOf = (ref: string) => {
        const [kind, rest] = ref.split(':');
        const [namespace, name] = rest.split('/');
        return `/entities/${kind}/${namespace}/${name}/status`;
      };
      const alone = new Map<string, string>();
      for (const { entityRef } of items) {
        alone.set(entityRef, (await reader.get(pathOf(entityRef))).text);
      }
      const together = await Promise.all(
        [...items, ...items].map(async ({ entityRef, health }) => ({
          entityRef,
          health,
          res: await reader.get(pathOf(entityRef)),
        })),
      );
      for (const { entityRef, health, res } of together) {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ entityRef, health });
        expect(res.text).toBe(alone.get(entityRef));
      }
    });
  },
);
