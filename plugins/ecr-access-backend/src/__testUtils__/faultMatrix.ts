import type { FaultRule, Sandbox } from '@ecr-access/sandbox';
import type { Knex } from 'knex';
import type { StoredEntityStatus } from '../database';
import { AuditHarness, createAuditHarness } from './auditHarness';
import {
  DEMO_SCENARIO,
  demoEntities,
  useSandbox,
} from '@ecr-access/test-utils';
import { PagingApiServer, startPagingApiServer } from './pagingApiServer';
import {
  duplicateKeys,
  lastHistoryId,
  readAllStatuses,
  verdictOf,
} from './storedAudit';

// The set-up every row of the fault matrix (issue 9) shares: the demo scenario audited
// through the audit as the plugin builds it from config (createAudit), the real Kubernetes
// and AWS clients, and the store on one database engine; a clean audit measured first; and
// what every row must hold afterwards.

export const REQUEST_TIMEOUT_MS = 1_000;
// prod-use1 is read through an API server front that answers 10 items a page, so that its
// lists paginate and a continue token can expire between two pages.
export const PAGED_CLUSTER = 'prod-use1';
// A fixed 30 % of the random draws fall under 0.3 (3 of every 10), so that "30 % of IAM
// requests fail" is exactly that on every run rather than on average.
const DRAWS = [0.1, 0.5, 0.9, 0.2, 0.6, 0.95, 0.25, 0.7, 0.8, 0.4];

export function sum(counts: Record<string, number>, prefix = ''): number {
  return Object.entries(counts)
    .filter(([key]) => key.startsWith(prefix))
    .reduce((total, [, n]) => total + n, 0);
}

export interface AuditOutcome {
  since: Date;
  requests: Record<string, number>;
  statuses: Map<string, StoredEntityStatus>;
  runs: Awaited<ReturnType<AuditHarness['auditAll']>>;
  duplicates: string[];
  newRuns: number;
}

/**
 * Registers the suite's set-up and tear-down on `knex` (from `databases.init` in the test's
 * beforeAll, passed as a thunk) and returns the shared state and checks.
 */
export function useFaultMatrix(initDatabase: () => Promise<Knex>) {
  let sandbox: Sandbox;
  let knex: Knex;
  let harness: AuditHarness;
  let paging: PagingApiServer;
  let clean: AuditOutcome;
  let draw = 0;

  useSandbox({
    scenario: DEMO_SCENARIO,
    random: () => DRAWS[draw++ % DRAWS.length],
    async started(started) {
      sandbox = started;
      // The demo starts with edge-euw1 down; the clean audit reaches every cluster.
      await sandbox.setFaults([]);
      paging = await startPagingApiServer({
        upstream: sandbox.clusters.find(c => c.name === PAGED_CLUSTER)!.url,
        pageSize: 10,
        compact: () => sandbox.expireContinueTokens(PAGED_CLUSTER),
      });
      knex = await initDatabase();
      harness = await createAuditHarness({
        knex,
        sandbox,
        entities: demoEntities(),
        appConfig: {
          clusterUrl: c => (c.name === PAGED_CLUSTER ? paging.url : c.url),
          ecrAccess: {
            kubernetes: {
              requestTimeout: { milliseconds: REQUEST_TIMEOUT_MS },
              requestsPerSecond: 500,
            },
          },
        },
      });
      clean = await audit();
    },
    stopping: () => paging?.stop(),
  });

  afterEach(async () => {
    await sandbox.setFaults([]);
  });

  /** One audit of every cluster under the given faults, and what it stored. */
  async function audit(faults: FaultRule[] = []): Promise<AuditOutcome> {
    await sandbox.setFaults(faults);
    const historyId = await lastHistoryId(knex);
    const runsBefore = (await harness.store.listRuns({ limit: 1000 })).length;
    const since = new Date();
    sandbox.resetRequestCounts();
    const runs = await harness.auditAll();
    const requests = sandbox.requestCounts();
    await sandbox.setFaults([]);
    return {
      since,
      requests,
      runs,
      statuses: await readAllStatuses(harness.store),
      duplicates: await duplicateKeys(knex, historyId),
      newRuns:
        (await harness.store.listRuns({ limit: 1000 })).length - runsBefore,
    };
  }

  /** What every row must hold, whatever the fault. */
  function expectSurvived(
    outcome: AuditOutcome,
    { unreachable = [] as string[] } = {},
  ) {
    // Every catalog entity the clean audit stored is still stored, none twice.
    expect([...outcome.statuses.keys()]).toEqual([...clean.statuses.keys()]);
    expect(outcome.duplicates).toEqual([]);
    // One run per cluster and audit; failed or not, none twice.
    expect(outcome.newRuns).toBe(harness.clusters.length);
    expect(outcome.runs.map(r => [r.cluster, r.status === 'failed'])).toEqual(
      harness.clusters.map(c => [c.name, unreachable.includes(c.name)]),
    );
    for (const [ref, stored] of outcome.statuses) {
      const { status } = stored;
      const before = verdictOf(clean.statuses.get(ref)!);
      // Clusters this entity has workloads on that could not be read: an entity with no
      // workloads on a failed cluster is not affected by it (its empty row says nothing).
      const lost = unreachable.filter(cluster =>
        before.workloads.some(w => w.startsWith(`${cluster}/`)),
      );
      for (const c of status.clusters) {
        if (unreachable.includes(c.cluster)) {
          if (lost.includes(c.cluster)) {
            expect({ ref, cluster: c.cluster, reachable: c.reachable }).toEqual(
              { ref, cluster: c.cluster, reachable: false },
            );
          }
        } else {
          // Audited now, not left over from an earlier audit.
          expect({ ref, cluster: c.cluster, reachable: c.reachable }).toEqual({
            ref,
            cluster: c.cluster,
            reachable: true,
          });
          expect(new Date(c.checkedAt!).getTime()).toBeGreaterThanOrEqual(
            outcome.since.getTime(),
          );
        }
      }
      // A cluster that could not be read may hold any entity's workloads: every entity is
      // stale and says which cluster (unknown is not healthy).
      expect({ ref, stale: status.stale }).toEqual({
        ref,
        stale: unreachable.length > 0,
      });
      if (unreachable.length) {
        expect(status.findings.map(f => f.code)).toContain(
          'CLUSTER_UNREACHABLE',
        );
      }
      // Kept with the last status: the same workloads, said to be unreachable.
      if (lost.length) {
        expect(verdictOf(stored).workloads).toEqual(before.workloads);
      }
    }
    const total = sum(outcome.requests);
    expect(total).toBeLessThanOrEqual(2 * sum(clean.requests));
    return total;
  }

  /** Entities whose verdict differs from the clean audit's (stale ones included). */
  function changedSinceClean(outcome: AuditOutcome): string[] {
    return [...outcome.statuses]
      .filter(
        ([ref, stored]) =>
          JSON.stringify(verdictOf(stored)) !==
          JSON.stringify(verdictOf(clean.statuses.get(ref)!)),
      )
      .map(([ref]) => ref);
  }

  return {
    get sandbox() {
      return sandbox;
    },
    get knex() {
      return knex;
    },
    get harness() {
      return harness;
    },
    get paging() {
      return paging;
    },
    get clean() {
      return clean;
    },
    /** Restarts the fixed sequence of random draws (for the error-rate rows). */
    resetDraws() {
      draw = 0;
    },
    audit,
    expectSurvived,
    changedSinceClean,
  };
}
