import { TestDatabases } from '@backstage/backend-test-utils';
import type { FaultRule, Sandbox } from '@ecr-access/sandbox';
import { startSandbox } from '@ecr-access/sandbox';
import knexFactory, { Knex } from 'knex';
import type { StoredEntityStatus } from '../database';
import {
  AuditHarness,
  createAuditHarness,
} from '../__testUtils__/auditHarness';
import { expectNoCanary } from '../__testUtils__/canary';
import { DEMO_SCENARIO, demoEntities } from '../__testUtils__/demo';
import {
  PagingApiServer,
  startPagingApiServer,
} from '../__testUtils__/pagingApiServer';
import {
  dumpDatabase,
  duplicateKeys,
  lastHistoryId,
  readAllStatuses,
  verdictOf,
} from '../__testUtils__/storedAudit';
import { IamRoleCopier, patchServiceAccountAnnotation } from './sandboxWrites';

jest.setTimeout(60_000);

// Issue 9, fault matrix: one test per fault, each over the demo scenario through the audit as
// the plugin builds it from config (createAudit), the real Kubernetes and AWS clients, and the
// store on each database engine. Every row asserts what is stored afterwards: every reachable
// entity audited, unreachable ones kept with their last status and marked stale, no key
// stored twice, and at most twice the requests of the clean audit measured first.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const REQUEST_TIMEOUT_MS = 1_000;
// prod-use1 is read through an API server front that answers 10 items a page, so that its
// lists paginate and a continue token can expire between two pages.
const PAGED_CLUSTER = 'prod-use1';
// A fixed 30 % of the random draws fall under 0.3 (3 of every 10), so that "30 % of IAM
// requests fail" is exactly that on every run rather than on average.
const DRAWS = [0.1, 0.5, 0.9, 0.2, 0.6, 0.95, 0.25, 0.7, 0.8, 0.4];

function sum(counts: Record<string, number>, prefix = ''): number {
  return Object.entries(counts)
    .filter(([key]) => key.startsWith(prefix))
    .reduce((total, [, n]) => total + n, 0);
}

interface AuditOutcome {
  since: Date;
  requests: Record<string, number>;
  statuses: Map<string, StoredEntityStatus>;
  runs: Awaited<ReturnType<AuditHarness['auditAll']>>;
  duplicates: string[];
  newRuns: number;
}

describe.each(databases.eachSupportedId())('fault matrix (%s)', databaseId => {
  let sandbox: Sandbox;
  let knex: Knex;
  let harness: AuditHarness;
  let paging: PagingApiServer;
  let clean: AuditOutcome;
  const savedEnv = { ...process.env };
  let draw = 0;

  beforeAll(async () => {
    sandbox = await startSandbox({
      scenario: DEMO_SCENARIO,
      random: () => DRAWS[draw++ % DRAWS.length],
    });
    // The demo starts with edge-euw1 down; the clean audit reaches every cluster.
    await sandbox.setFaults([]);
    process.env.AWS_ENDPOINT_URL = sandbox.awsEndpoint;
    paging = await startPagingApiServer({
      upstream: sandbox.clusters.find(c => c.name === PAGED_CLUSTER)!.url,
      pageSize: 10,
      compact: () => sandbox.expireContinueTokens(PAGED_CLUSTER),
    });
    knex = await databases.init(databaseId);
    harness = await createAuditHarness({
      knex,
      sandbox,
      entities: demoEntities(),
      config: base => {
        const [locator] = base.kubernetes.clusterLocatorMethods;
        return {
          ...base,
          kubernetes: {
            clusterLocatorMethods: [
              {
                ...locator,
                clusters: locator.clusters.map(c =>
                  c.name === PAGED_CLUSTER ? { ...c, url: paging.url } : c,
                ),
              },
            ],
          },
          ecrAccess: {
            ...base.ecrAccess,
            kubernetes: {
              requestTimeout: { milliseconds: REQUEST_TIMEOUT_MS },
              requestsPerSecond: 500,
            },
          },
        };
      },
    });
    clean = await audit();
  });

  afterAll(async () => {
    process.env = savedEnv;
    await paging?.stop();
    await sandbox?.stop();
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
      expect({ ref, stale: status.stale }).toEqual({
        ref,
        stale: lost.length > 0,
      });
      if (lost.length) {
        // Kept with the last status: the same workloads, said to be unreachable.
        expect(verdictOf(stored).workloads).toEqual(before.workloads);
        expect(status.findings.map(f => f.code)).toContain(
          'CLUSTER_UNREACHABLE',
        );
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

  it('clean audit: every entity audited on every cluster, each read once', async () => {
    expect(clean.statuses.size).toBe(demoEntities().length);
    expect(clean.runs.map(r => r.status)).not.toContain('failed');
    expect(clean.duplicates).toEqual([]);
    // The paged cluster really paginated.
    expect(paging.continueRequests()).toBeGreaterThan(0);
    // A second clean audit stores the same and changes no status.
    const again = await audit();
    expectSurvived(again);
    expect(changedSinceClean(again)).toEqual([]);
    expect(sum(again.requests)).toBe(sum(clean.requests));
    expectNoCanary(sandbox, await dumpDatabase(knex));
  });

  it('a cluster down: its entities keep their last status, marked stale', async () => {
    const outcome = await audit([
      { api: 'kubernetes', cluster: 'edge-euw1', down: true },
    ]);
    expectSurvived(outcome, { unreachable: ['edge-euw1'] });
    const stale = [...outcome.statuses.values()].filter(s => s.status.stale);
    expect(stale.length).toBeGreaterThan(0);
    // Nothing else changed.
    expect(changedSinceClean(outcome).sort()).toEqual(
      stale.map(s => s.entity.entityRef).sort(),
    );
  });

  it('a cluster slower than the request timeout: treated as unreachable, not waited for', async () => {
    const outcome = await audit([
      {
        api: 'kubernetes',
        cluster: 'edge-euw1',
        latency: REQUEST_TIMEOUT_MS * 3,
      },
    ]);
    expectSurvived(outcome, { unreachable: ['edge-euw1'] });
    const edge = outcome.runs.find(r => r.cluster === 'edge-euw1')!;
    expect(edge.errors.map(e => e.message).join()).toMatch(
      /ClusterUnreachableError/,
    );
    expect(changedSinceClean(outcome).length).toBeGreaterThan(0);
  });

  it('Kubernetes 429 with Retry-After: retried, nothing lost', async () => {
    const operation = 'list:deployments';
    const outcome = await audit([
      {
        api: 'kubernetes',
        cluster: 'shared-usw2',
        operation,
        error: 'throttle',
        retryAfterSeconds: 1,
        times: 2,
      },
    ]);
    expectSurvived(outcome);
    expect(changedSinceClean(outcome)).toEqual([]);
    const key = `kubernetes:shared-usw2/${operation}`;
    expect(outcome.requests[key]).toBe(clean.requests[key] + 2);
  });

  it('410 Gone on a continue token: the list restarts once, nothing lost', async () => {
    const compactions = paging.compactions();
    paging.compactBeforeNextContinue();
    const outcome = await audit();
    expect(paging.compactions()).toBe(compactions + 1);
    expectSurvived(outcome);
    expect(changedSinceClean(outcome)).toEqual([]);
    const prefix = `kubernetes:${PAGED_CLUSTER}/`;
    // The relisted kind cost its pages again, no more.
    expect(sum(outcome.requests, prefix)).toBeGreaterThan(
      sum(clean.requests, prefix),
    );
  });

  it('403 on Secrets only: the cluster is audited, secret verdicts become unknown', async () => {
    const outcome = await audit([
      {
        api: 'kubernetes',
        cluster: 'prod-use1',
        operation: 'list:secrets',
        error: { status: 403, code: 'Forbidden' },
      },
    ]);
    expectSurvived(outcome);
    const prod = outcome.runs.find(r => r.cluster === 'prod-use1')!;
    expect(prod.status).toBe('partial');
    const changed = changedSinceClean(outcome);
    expect(changed).toContain('component:default/legacy-billing');
    // Only verdicts that needed a Secret changed, and each says why.
    for (const ref of changed) {
      expect({
        ref,
        codes: verdictOf(outcome.statuses.get(ref)!).findingCodes,
      }).toEqual({
        ref,
        codes: expect.arrayContaining(['SECRETS_NOT_READABLE']),
      });
    }
    expect(
      verdictOf(outcome.statuses.get('component:default/payments-api')!),
    ).toEqual(verdictOf(clean.statuses.get('component:default/payments-api')!));
  });

  it('30 % IAM Throttling: the SDK retries, nothing lost', async () => {
    draw = 0;
    const outcome = await audit([
      { api: 'iam', error: 'throttle', errorRate: 0.3 },
    ]);
    const total = expectSurvived(outcome);
    expect(changedSinceClean(outcome)).toEqual([]);
    expect(outcome.runs.flatMap(r => r.errors)).toEqual([]);
    // Retries happened: more IAM requests than the clean audit, within the overall bound.
    expect(sum(outcome.requests, 'iam/')).toBeGreaterThan(
      sum(clean.requests, 'iam/'),
    );
    expect(total).toBeLessThanOrEqual(2 * sum(clean.requests));
  });

  it('IAM eventual consistency on a new role: reported as not found, healed at the next audit', async () => {
    const ref = 'component:default/payments-api';
    const copier = new IamRoleCopier(sandbox.awsEndpoint, '111122223333');
    const source = 'irsa-payments-api';
    const copy = 'irsa-payments-api-v2';
    sandbox.setIamPropagation(1_500);
    const arn = await copier.copyRole(source, copy);
    const original = await patchServiceAccountAnnotation(
      sandbox,
      PAGED_CLUSTER,
      'payments',
      'payments-api',
      'eks.amazonaws.com/ecr-role-arn',
      arn,
    );
    try {
      const during = await audit();
      expectSurvived(during);
      // IAM answers NoSuchEntity for the new role: the audit says so rather than guessing.
      expect(verdictOf(during.statuses.get(ref)!).findingCodes).toContain(
        'ROLE_NOT_FOUND',
      );
      expect(changedSinceClean(during)).toEqual([ref]);

      await copier.waitUntilVisible(copy);
      const after = await audit();
      expectSurvived(after);
      expect(changedSinceClean(after)).toEqual([]);
      // Two changes recorded for the entity (broken, then healed), each once.
      const history = await harness.store.getHistory(ref, { limit: 10 });
      expect(
        history.slice(0, 2).map(h => h.findingCodes.includes('ROLE_NOT_FOUND')),
      ).toEqual([false, true]);
    } finally {
      sandbox.setIamPropagation(0);
      await patchServiceAccountAnnotation(
        sandbox,
        PAGED_CLUSTER,
        'payments',
        'payments-api',
        'eks.amazonaws.com/ecr-role-arn',
        original!,
      );
      await copier.deleteRole(copy);
    }
    const restored = await audit();
    expect(changedSinceClean(restored)).toEqual([]);
  });

  // The database restarting, as PostgreSQL does on a failover or an upgrade: every pooled
  // connection is killed between two audits and the pool must reconnect. SQLite runs in the
  // test's own process (in memory here), so there is no server to restart and nothing
  // equivalent to prove: the row runs on PostgreSQL only.
  if (databaseId === 'POSTGRES_15') {
    it('the database restarting between two audits: the pool reconnects, nothing lost', async () => {
      const { database } = knex.client.config.connection as {
        database: string;
      };
      // A connection of its own (the test's connection string, database postgres), so that
      // every connection of the store's pool goes.
      const admin = knexFactory({
        client: 'pg',
        connection:
          process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
      });
      try {
        const killed = await admin.raw(
          'select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = ? and pid <> pg_backend_pid()',
          [database],
        );
        expect(killed.rows.length).toBeGreaterThan(0);
      } finally {
        await admin.destroy();
      }
      const outcome = await audit();
      expectSurvived(outcome);
      expect(changedSinceClean(outcome)).toEqual([]);
    });
  }
});
