import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Sandbox } from '@ecr-access/sandbox';
import type { Knex } from 'knex';
import { auditTaskId } from '../audit/AuditScheduler';
import { StoredAuditRun, DatabaseEcrAccessStore } from '../database';
import { createAuditHarness } from '../__testUtils__/auditHarness';
import type { LogLine } from '@ecr-access/test-utils';
import {
  DEMO_SCENARIO,
  demoEntities,
  useSandbox,
} from '@ecr-access/test-utils';
import {
  ChildReplica,
  forkReplica,
  replicaConfig,
  startReplicaBackend,
  startSchedulerJanitor,
} from '../__testUtils__/replicas';
import { readAllStatuses, verdictOf } from '../__testUtils__/storedAudit';
import { aggregateStatus } from '../audit/pipeline';

jest.setTimeout(60_000);

// Issue 9, multiple replicas: two backends share one PostgreSQL database and run the real,
// database-locked scheduler of @backstage/backend-defaults (not a mock) on a 2-second cadence.
// One replica runs in the test's process, the other in a child process that is killed
// (SIGKILL) in the middle of an audit, as a crash or an OOM kill would end it: its lock stays
// held until the task's timeout, and the survivor must then take the cluster over.
// PostgreSQL only: replicas sharing SQLite is not a deployment Backstage supports.
const PG = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const FREQUENCY_MS = 2_000;
const TIMEOUT_MS = 5_000;
const JANITOR_MS = 1_000;
// A task's worker looks for due work once a cadence (TaskWorker: the cadence when under 5 s),
// so a due run starts within a cadence of being due (measured here: within 1.1 s); plus a
// margin for a busy machine, less than a cadence, so that a cadence skipped is seen.
const START_SLACK_MS = FREQUENCY_MS + 750;
// The cluster made slow (every Kubernetes request 400 ms) so that an audit of it is under way
// long enough to be cut.
const SLOW = 'prod-use1';
const TASKS = 'backstage_backend_tasks__tasks';

const startedLine = (cluster: string) =>
  `ecr-access audit of ${cluster} started`;
const started = (lines: LogLine[], cluster: string, after = 0) =>
  lines.slice(after).filter(l => l.message === startedLine(cluster)).length;
/** Audits the scheduler aborted (shutdown, or a timed-out task): they list but record no run. */
const aborted = (lines: LogLine[], cluster: string) =>
  lines.filter(l =>
    String(l.message).startsWith(`ecr-access audit of ${cluster} aborted`),
  ).length;
const finished = (lines: LogLine[], cluster: string) =>
  lines.filter(l =>
    String(l.message).startsWith(`ecr-access audit of ${cluster}:`),
  ).length;
const epoch = (time: string | Date) => new Date(time).getTime();

async function waitFor(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs of the cluster that started before the previous one had finished. */
function overlapping(runs: StoredAuditRun[]): StoredAuditRun[] {
  return runs.filter(
    (run, i) => i > 0 && epoch(run.startedAt) < epoch(runs[i - 1].finishedAt!),
  );
}

/**
 * Cadences that passed without a run while a replica was up. The scheduler makes each run due
 * one cadence after the previous one was due, or when it finished if later (next_run_start_at
 * = greatest(due + cadence, now) on release), and a replica's poller claims a due run within
 * a cadence: replayed over the recorded runs, a run that starts later than that, or a stop
 * that comes later than that after the last run, is a cadence lost. The one exception is
 * across the crash: a cluster whose lock the dead replica held waits for the lock to expire
 * and the janitor to free it (the take-over gap). The first due time is taken as the first
 * run's start (later than it really was, so never stricter than the scheduler).
 */
function lostCadences(
  runs: StoredAuditRun[],
  crash: { at: number; lockExpiresBy: number },
  stoppedAt: number,
): string[] {
  const lost: string[] = [];
  let due = epoch(runs[0].startedAt);
  const nextDue = (run: StoredAuditRun) =>
    Math.max(due + FREQUENCY_MS, epoch(run.finishedAt!));
  runs.slice(1).forEach((run, i) => {
    const previous = runs[i];
    due = nextDue(previous);
    const start = epoch(run.startedAt);
    const acrossCrash =
      epoch(previous.startedAt) < crash.at && start > crash.at;
    const latest = acrossCrash
      ? Math.max(due, crash.lockExpiresBy + JANITOR_MS) + START_SLACK_MS
      : due + START_SLACK_MS;
    if (start > latest)
      lost.push(`${run.startedAt}: ${start - latest} ms late`);
  });
  const last = nextDue(runs[runs.length - 1]) + START_SLACK_MS;
  if (stoppedAt > last)
    lost.push(`none in the ${stoppedAt - last} ms before the stop`);
  return lost;
}

(process.env[PG] ? describe : describe.skip)(
  `two replicas on one PostgreSQL (needs ${PG})`,
  () => {
    let sandbox: Sandbox;
    let knex: Knex;
    let store: DatabaseEcrAccessStore;
    const stops: Array<() => Promise<void>> = [];

    useSandbox({
      scenario: DEMO_SCENARIO,
      // The demo starts with edge-euw1 down; both replicas audit every cluster.
      started: async running => {
        sandbox = running;
        await sandbox.setFaults([]);
      },
      // The replicas go first: one still auditing would find the sandbox gone.
      stopping: async () => {
        for (const stop of stops.reverse()) await stop();
      },
    });

    beforeAll(async () => {
      knex = await databases.init('POSTGRES_15');
      store = await DatabaseEcrAccessStore.create({
        database: mockServices.database({ knex }),
        aggregate: aggregateStatus,
      });
    });

    async function runsOf(cluster: string): Promise<StoredAuditRun[]> {
      const runs = await store.listRuns({ limit: 1000, cluster });
      return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    }
    const lists = (cluster: string) =>
      sandbox.requestCounts()[`kubernetes:${cluster}/list:deployments`] ?? 0;

    it('share the clusters: one audit per cluster per cadence, a crashed replica taken over once its lock expired, what one instance stores', async () => {
      const clusters = sandbox.clusters.map(c => c.name);
      const config = replicaConfig(sandbox, {
        frequency: `PT${FREQUENCY_MS / 1000}S`,
        timeout: `PT${TIMEOUT_MS / 1000}S`,
      });
      // Each task's first run is due when the first replica registers it, and every later
      // run one cadence after the previous one was due (the scheduler's next_run_start_at).
      const firstDue = Date.now();
      // The child first: the scheduler's pollers of the replica that registered the tasks
      // wake in step with their cadence and mostly win the claim, so the child audits.
      const url = new URL(process.env[PG]!);
      url.pathname = `/${
        (knex.client.config.connection as { database: string }).database
      }`;
      const b: ChildReplica = await forkReplica({
        databaseUrl: url.toString(),
        config,
      });
      stops.push(() => b.kill());
      const bStarted = Date.now();
      const a = await startReplicaBackend({ knex, config });
      stops.push(() => a.backend.stop());

      // Several cadences with both replicas up.
      await waitFor('three audits of every cluster', async () =>
        (await Promise.all(clusters.map(runsOf))).every(r => r.length >= 3),
      );

      // Slow one cluster down and wait until the child replica is auditing it and its
      // requests reach the cluster (it lists more than has been recorded).
      await sandbox.setFaults([
        { api: 'kubernetes', cluster: SLOW, latency: 400 },
      ]);
      await waitFor('the child replica in the middle of an audit', async () => {
        const recorded = (await runsOf(SLOW)).length;
        return (
          started(b.lines, SLOW) > finished(b.lines, SLOW) &&
          lists(SLOW) > recorded
        );
      });
      const [lock] = await knex(TASKS).where({ id: auditTaskId(SLOW) });
      const crashedAt = Date.now();
      await b.kill();
      await sandbox.setFaults([]);
      // The dead replica's lock is still held: the scheduler frees it only once expired.
      expect(lock?.current_run_ticket).toEqual(expect.any(String));
      const lockExpiresAt = epoch(lock?.current_run_expires_at);
      expect(lockExpiresAt).toBeLessThanOrEqual(crashedAt + TIMEOUT_MS);
      const janitor = startSchedulerJanitor(knex, JANITOR_MS);
      stops.push(() => janitor.stop());
      const afterCrash = a.lines.length;

      // The survivor carries on: every cluster, the crashed one included, twice more.
      await waitFor('the survivor to audit every cluster twice', async () =>
        clusters.every(c => started(a.lines, c, afterCrash) >= 2),
      );
      await a.backend.stop();
      const stoppedAt = Date.now();
      // Quiescent: the survivor's audits under way were aborted by its shutdown (they record
      // no run) and released their locks; the dead replica's locks have been freed.
      await waitFor(
        'every lock released',
        async () =>
          (
            await knex(TASKS)
              .whereIn('id', clusters.map(auditTaskId))
              .whereNotNull('current_run_ticket')
          ).length === 0,
      );
      await janitor.stop();
      // The lock of the cut audit was freed as timed out: by this test's janitor or by the
      // survivor's own scheduler, which runs one too; whichever polled first (under load,
      // either may).
      expect([
        ...janitor.logger.warn.mock.calls.map(call => call[0]),
        ...a.lines.filter(l => l.level === 'warn').map(l => l.message),
      ]).toContain(`Task timed out and was lost: ${auditTaskId(SLOW)}`);

      for (const cluster of clusters) {
        const runs = await runsOf(cluster);
        // Each recorded run is one audit, listed once. Audits that listed but recorded
        // nothing: the one the crash cut (the slow cluster's for certain, another's if one was
        // under way), and those the survivor's shutdown aborted once they had listed (an audit
        // aborted while its list was still queued sent none).
        const unrecorded = lists(cluster) - runs.length;
        const abortedAtShutdown = aborted(a.lines, cluster);
        expect({
          cluster,
          unrecordedWithinCutAndAborted:
            unrecorded >= 0 && unrecorded <= 1 + abortedAtShutdown,
        }).toEqual({ cluster, unrecordedWithinCutAndAborted: true });
        // Never two at once: the database lock, held by the dead replica until it expired.
        expect({ cluster, overlapping: overlapping(runs) }).toEqual({
          cluster,
          overlapping: [],
        });
        // No more runs than cadences: two replicas each running every cadence would make
        // twice as many...
        const cadences =
          Math.floor(
            (epoch(runs[runs.length - 1].startedAt) - firstDue) / FREQUENCY_MS,
          ) + 1;
        expect(runs.length).toBeLessThanOrEqual(cadences);
        // ...and a run for every cadence while a replica was up: the first on time, none
        // late but across the crash (the take-over gap), and one until the survivor stopped.
        expect(epoch(runs[0].startedAt)).toBeLessThanOrEqual(
          bStarted + START_SLACK_MS,
        );
        expect({
          cluster,
          lost: lostCadences(
            runs,
            { at: crashedAt, lockExpiresBy: crashedAt + TIMEOUT_MS },
            stoppedAt,
          ),
        }).toEqual({ cluster, lost: [] });
        expect(runs.map(r => r.status)).not.toContain('failed');
      }

      // The slow cluster's audit was cut after it had listed (besides any the survivor's
      // shutdown aborted).
      const slowUnrecorded = lists(SLOW) - (await runsOf(SLOW)).length;
      expect(slowUnrecorded).toBeGreaterThanOrEqual(1);
      expect(slowUnrecorded).toBeLessThanOrEqual(1 + aborted(a.lines, SLOW));
      // The crashed cluster was taken over once the dead replica's lock had expired, not
      // before (nobody audited it meanwhile), and within a janitor pass and a cadence.
      const takeOver = (await runsOf(SLOW)).find(
        r => epoch(r.startedAt) > crashedAt,
      )!;
      expect(epoch(takeOver.startedAt)).toBeGreaterThanOrEqual(lockExpiresAt);
      expect(epoch(takeOver.startedAt)).toBeLessThanOrEqual(
        lockExpiresAt + JANITOR_MS + START_SLACK_MS,
      );

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
