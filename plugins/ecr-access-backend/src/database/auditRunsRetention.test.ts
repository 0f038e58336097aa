import { describeStore } from '../__testUtils__/testStore';
import type { AuditRunRecord } from './EcrAccessStore';
import { CLUSTERS, RUNS } from './rows';

jest.setTimeout(60_000);

const NOW = new Date('2026-12-03T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

const run = (
  cluster: string,
  startedAt: Date,
  status: AuditRunRecord['status'],
  withSetup = status !== 'failed',
): AuditRunRecord => ({
  cluster,
  startedAt,
  finishedAt: new Date(startedAt.getTime() + 60_000),
  status,
  entityCount: 1,
  workloadCount: 1,
  counts: { byMechanism: {}, byHealth: {} },
  errors: [],
  kubernetesRequests: 1,
  awsRequests: 1,
  ...(withSetup && {
    pullSetup: {
      readAt: startedAt,
      setup: {
        cluster,
        imagePullAuth: 'node-role',
        nodeRoles: [],
        workloads: {},
      },
    },
  }),
});

describeStore(
  'audit runs are kept 30 days',
  db => {
    const startsOf = async (cluster: string) =>
      (await db.store.listRuns({ cluster, limit: 100 }))
        .map(r => r.startedAt)
        .sort();

    it("deletes a cluster's runs older than 30 days, but keeps its latest pull set-up and latest read", async () => {
      await db.store.recordRun(run('prod', daysAgo(40), 'succeeded'));
      await db.store.recordRun(run('prod', daysAgo(35), 'succeeded'));
      await db.store.recordRun(run('prod', daysAgo(32), 'failed'));
      await db.store.recordRun(run('prod', daysAgo(10), 'failed'));
      await db.store.recordRun(run('other', daysAgo(40), 'failed'));
      await db.store.recordRun(run('prod', NOW, 'failed'));

      expect(await startsOf('prod')).toEqual(
        [daysAgo(35), daysAgo(10), NOW].map(d => d.toISOString()),
      );
      // Each cluster's own runs are pruned when it records one: not another's.
      expect(await startsOf('other')).toEqual([daysAgo(40).toISOString()]);
      const [prod] = await db.store.clusterPullSetups(['prod']);
      expect(prod.readAt).toBe(daysAgo(35).toISOString());

      await db.store.recordRun(run('prod', NOW, 'succeeded'));
      expect(await startsOf('prod')).toEqual(
        [daysAgo(10), NOW, NOW].map(d => d.toISOString()),
      );
    });
  },
  { emptying: [RUNS, CLUSTERS] },
);
