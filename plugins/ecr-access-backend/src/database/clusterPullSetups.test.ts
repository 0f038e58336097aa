import type { ClusterPullSetup } from '@ecr-access/plugin-ecr-access-common';
import { describeStore } from '../__testUtils__/testStore';
import type { AuditRunRecord } from './EcrAccessStore';
import { CLUSTERS, RUNS } from './rows';

jest.setTimeout(60_000);

const T1 = new Date('2026-11-23T10:00:00.000Z');
const T2 = new Date('2026-11-23T10:30:00.000Z');
const T3 = new Date('2026-11-23T11:00:00.000Z');

const setup = (identity: 'irsa' | 'pod-identity'): ClusterPullSetup => ({
  cluster: 'prod',
  imagePullAuth: 'node-role',
  nodeRoles: [
    {
      arn: 'arn:aws:iam::111122223333:role/eks-node',
      sources: ['config'],
      beyondPulling: [],
    },
  ],
  workloads: { 'node-role': { [identity]: 3 } },
});

const run = (at: Date, over: Partial<AuditRunRecord> = {}): AuditRunRecord => ({
  cluster: 'prod',
  startedAt: at,
  finishedAt: new Date(at.getTime() + 60_000),
  status: 'succeeded',
  entityCount: 1,
  workloadCount: 3,
  counts: { byMechanism: { 'node-role': 3 }, byHealth: { ok: 3 } },
  errors: [],
  kubernetesRequests: 8,
  awsRequests: 2,
  ...over,
});

describeStore(
  'cluster pull set-ups in the store',
  db => {
    /** A scheduled audit that read the cluster at `at`, or could not. */
    async function audit(at: Date, read?: ClusterPullSetup) {
      if (read) {
        await db.store.writeClusterResults({
          cluster: 'prod',
          checkedAt: at,
          entities: [],
        });
        await db.store.recordRun(
          run(at, { pullSetup: { readAt: at, setup: read } }),
        );
      } else {
        await db.store.markClusterUnreachable({
          cluster: 'prod',
          checkedAt: at,
          error: 'connect ECONNREFUSED 10.0.0.1:443',
        });
        await db.store.recordRun(
          run(at, { status: 'failed', workloadCount: 0 }),
        );
      }
    }

    it('serves the latest read, and a cluster never audited with nothing but its name', async () => {
      await audit(T1, setup('irsa'));
      await audit(T2, setup('pod-identity'));
      expect(await db.store.clusterPullSetups(['prod', 'staging'])).toEqual([
        {
          cluster: 'prod',
          state: {
            cluster: 'prod',
            reachable: true,
            checkedAt: T2.toISOString(),
            lastSuccessAt: T2.toISOString(),
          },
          pullSetup: setup('pod-identity'),
          readAt: T2.toISOString(),
        },
        { cluster: 'staging' },
      ]);
    });

    it('keeps the last read of a cluster that went down, beside its being unreachable since then', async () => {
      await audit(T1, setup('irsa'));
      await audit(T2);
      await audit(T3);
      const [prod] = await db.store.clusterPullSetups(['prod']);
      expect(prod).toEqual({
        cluster: 'prod',
        state: expect.objectContaining({
          reachable: false,
          lastSuccessAt: T1.toISOString(),
          unreachableSince: T2.toISOString(),
          checkedAt: T3.toISOString(),
        }),
        pullSetup: setup('irsa'),
        readAt: T1.toISOString(),
      });
    });

    it('has no set-up for a cluster never read, and keeps it out of the runs served', async () => {
      await audit(T1);
      const [prod] = await db.store.clusterPullSetups(['prod']);
      expect(prod.pullSetup).toBeUndefined();
      expect(prod.state).toMatchObject({ reachable: false });
      await audit(T2, setup('irsa'));
      for (const stored of await db.store.listRuns()) {
        expect(Object.keys(stored)).not.toContain('pullSetup');
        expect(JSON.stringify(stored)).not.toContain('eks-node');
      }
    });
  },
  { emptying: [RUNS, CLUSTERS] },
);
