import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Sandbox, startSandbox } from '@ecr-access/sandbox';
import knexFactory, { Knex } from 'knex';
import { AuditRun, DatabaseEcrAccessStore } from '../database';
import { ecrAccessPlugin } from '../plugin';
import { createAuditHarness } from '../__testUtils__/auditHarness';
import { capturingRootLogger, LogLine } from '../__testUtils__/capturingLogger';
import {
  DEMO_SCENARIO,
  demoEntities,
  sandboxConfig,
} from '../__testUtils__/demo';
import { readAllStatuses, verdictOf } from '../__testUtils__/storedAudit';

jest.setTimeout(60_000);

// Issue 9, multiple replicas: two backends share one PostgreSQL database and run the real,
// database-locked scheduler of @backstage/backend-defaults (not a mock) on a 2-second cadence.
// PostgreSQL only: replicas sharing SQLite is not a deployment Backstage supports.
const PG = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const FREQUENCY_MS = 2_000;

interface Replica {
  name: string;
  backend: Awaited<ReturnType<typeof startTestBackend>>;
  lines: LogLine[];
}

const startedLine = (cluster: string) =>
  `ecr-access audit of ${cluster} started`;

async function waitFor(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

(process.env[PG] ? describe : describe.skip)(
  `two replicas on one PostgreSQL (needs ${PG})`,
  () => {
    let sandbox: Sandbox;
    let knexA: Knex;
    let knexB: Knex;
    let store: DatabaseEcrAccessStore;
    const replicas: Replica[] = [];
    const savedEnv = { ...process.env };

    beforeAll(async () => {
      sandbox = await startSandbox({ scenario: DEMO_SCENARIO });
      await sandbox.setFaults([]);
      process.env.AWS_ENDPOINT_URL = sandbox.awsEndpoint;
      knexA = await databases.init('POSTGRES_15');
      // The second replica has its own connection pool to the same database.
      knexB = knexFactory(knexA.client.config);
      store = await DatabaseEcrAccessStore.create({
        database: mockServices.database({ knex: knexA }),
      });
    });

    afterAll(async () => {
      process.env = savedEnv;
      for (const replica of replicas) await replica.backend.stop();
      await knexB?.destroy();
      await sandbox?.stop();
    });

    async function startReplica(name: string, knex: Knex): Promise<Replica> {
      const logs = capturingRootLogger();
      const base = sandboxConfig(sandbox);
      const backend = await startTestBackend({
        features: [
          ecrAccessPlugin,
          catalogServiceMock.factory({ entities: demoEntities() }),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              ...base,
              ecrAccess: {
                ...base.ecrAccess,
                // ISO strings: readAuditSchedule merges a duration object key by key with
                // the default's ({ minutes: 30 } + { seconds: 2 } = 30 min 2 s).
                schedule: {
                  frequency: `PT${FREQUENCY_MS / 1000}S`,
                  timeout: 'PT30S',
                  initialDelay: 'PT0S',
                },
              },
            },
          }),
          schedulerServiceFactory,
          logs.factory,
        ],
      });
      const replica = { name, backend, lines: logs.lines };
      replicas.push(replica);
      return replica;
    }

    const started = (replica: Replica, cluster: string, after = 0) =>
      replica.lines.slice(after).filter(l => l.message === startedLine(cluster))
        .length;

    async function runsOf(cluster: string): Promise<AuditRun[]> {
      const runs = await store.listRuns({ limit: 1000, cluster });
      return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    }

    /** Runs of the cluster that started before the previous one had finished. */
    function overlapping(runs: AuditRun[]): AuditRun[] {
      return runs.filter(
        (run, i) =>
          i > 0 &&
          Date.parse(run.startedAt) < Date.parse(runs[i - 1].finishedAt!),
      );
    }

    it('share the clusters: one audit per cluster per cadence, survive losing a replica mid-audit, store what one instance stores', async () => {
      const clusters = sandbox.clusters.map(c => c.name);
      // Each task's first run is due when the first replica registers it, and every later
      // run is due one cadence after the previous one was due (the scheduler's
      // next_run_start_at), so by a given time at most this many cadences have come.
      const firstDue = Date.now();
      const a = await startReplica('a', knexA);
      const b = await startReplica('b', knexB);

      // Several cadences with both replicas up.
      await waitFor('four audits of every cluster', async () =>
        (await Promise.all(clusters.map(runsOf))).every(r => r.length >= 4),
      );

      // Slow one cluster down so that its audit takes a few seconds, wait until a replica
      // starts it, and stop that replica in the middle of it.
      const before = new Map(replicas.map(r => [r, r.lines.length]));
      await sandbox.setFaults([
        { api: 'kubernetes', cluster: 'prod-use1', latency: 700 },
      ]);
      let dying: Replica | undefined;
      await waitFor('a replica to start auditing prod-use1', async () => {
        dying = replicas.find(r => started(r, 'prod-use1', before.get(r)) > 0);
        return !!dying;
      });
      const survivor = dying === a ? b : a;
      await waitFor('the audit to be under way', async () =>
        Object.keys(sandbox.requestCounts()).some(k =>
          k.startsWith('kubernetes:prod-use1/'),
        ),
      );
      await dying!.backend.stop();
      replicas.splice(replicas.indexOf(dying!), 1);
      await sandbox.setFaults([]);
      const afterStop = survivor.lines.length;

      // The survivor carries on: every cluster, twice more.
      await waitFor('the survivor to audit every cluster twice', async () =>
        clusters.every(c => started(survivor, c, afterStop) >= 2),
      );
      await survivor.backend.stop();
      replicas.splice(replicas.indexOf(survivor), 1);

      // Quiescent: every audit started has been recorded.
      const allStarted = (cluster: string) =>
        started(a, cluster) + started(b, cluster);
      await waitFor('the audits under way to finish', async () =>
        (
          await Promise.all(
            clusters.map(async c => (await runsOf(c)).length === allStarted(c)),
          )
        ).every(Boolean),
      );

      const requests = sandbox.requestCounts();
      for (const cluster of clusters) {
        const runs = await runsOf(cluster);
        // Each recorded run is one audit, listed once: no replica ran a cadence twice...
        expect({
          cluster,
          lists: requests[`kubernetes:${cluster}/list:deployments`],
        }).toEqual({ cluster, lists: runs.length });
        // ...never two at once (the database lock)...
        expect({ cluster, overlapping: overlapping(runs) }).toEqual({
          cluster,
          overlapping: [],
        });
        // ...and no more runs than cadences: two replicas each running every cadence
        // would make twice as many.
        const cadences =
          Math.floor(
            (Date.parse(runs[runs.length - 1].startedAt) - firstDue) /
              FREQUENCY_MS,
          ) + 1;
        expect(runs.length).toBeLessThanOrEqual(cadences);
        expect(runs.map(r => r.status)).not.toContain('failed');
      }

      // What the two replicas stored is what one instance stores from the same clusters.
      const replicated = await readAllStatuses(store);
      const single = await createAuditHarness({
        knex: await databases.init('POSTGRES_15'),
        sandbox,
        entities: demoEntities(),
      });
      await single.auditAll();
      const alone = await readAllStatuses(single.store);
      expect(replicated.size).toBe(demoEntities().length);
      expect([...replicated].map(([ref, s]) => [ref, verdictOf(s)])).toEqual(
        [...alone].map(([ref, s]) => [ref, verdictOf(s)]),
      );
    });
  },
);
