import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EcrAccessCluster } from '@ecr-access/plugin-ecr-access-node/clients';
import type { EcrAccessStore } from '../database';
import { AuditScheduler } from './AuditScheduler';

const cluster = (name: string): EcrAccessCluster => ({
  name,
  accountId: '111122223333',
  region: 'us-east-1',
  partition: 'aws',
  imagePullAuth: 'node-role',
  nodeRoleArns: [],
});

describe('AuditScheduler', () => {
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'payments-api',
          annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
        },
        spec: { owner: 'team-payments' },
      },
    ],
  });
  const scheduler = mockServices.scheduler.mock();
  const store = {
    removeEntitiesNotIn: jest.fn(async () => 2),
    createMissingEntities: jest.fn(async () => 1),
  };
  const runAudit = jest.fn(async () => ({ run: {} } as any));
  const audits = new AuditScheduler({
    scheduler,
    schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
    logger: mockServices.logger.mock(),
    auth: mockServices.auth(),
    catalog,
    store: store as unknown as EcrAccessStore,
    runAudit,
    clusters: [cluster('prod-use1'), cluster('shared-usw2')],
  });

  it('schedules one global task per cluster and a catalog sweep', async () => {
    await audits.start();
    const tasks = scheduler.scheduleTask.mock.calls.map(([task]) => task);
    // Global: one replica per cadence holds the database lock. The timeout bounds that lock,
    // so the lock of a replica that died mid-audit expires and another takes the task.
    const every30 = { minutes: 30 };
    const within10 = { minutes: 10 };
    expect(tasks.map(t => [t.id, t.scope, t.frequency, t.timeout])).toEqual([
      ['ecr-access-audit:prod-use1', 'global', every30, within10],
      ['ecr-access-audit:shared-usw2', 'global', every30, within10],
      ['ecr-access-catalog-sweep', 'global', every30, within10],
    ]);

    // The scheduler's signal reaches the audit: it fires when the task's lock times out.
    const { signal } = new AbortController();
    await tasks[1].fn(signal);
    expect(runAudit).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'shared-usw2' }),
      {
        kind: 'cluster',
        entities: [
          expect.objectContaining({
            entityRef: 'component:default/payments-api',
          }),
        ],
      },
      signal,
    );

    // Entities without a status get one once per catalog read, before the cluster writes.
    expect(store.createMissingEntities).toHaveBeenCalledWith([
      expect.objectContaining({ entityRef: 'component:default/payments-api' }),
    ]);
    expect(
      store.createMissingEntities.mock.invocationCallOrder[0],
    ).toBeLessThan(runAudit.mock.invocationCallOrder[0]);

    // The cluster tasks of one cadence share one read of the catalog.
    const queries = jest.spyOn(catalog, 'queryEntities');
    await tasks[0].fn(new AbortController().signal);
    expect(queries).not.toHaveBeenCalled();
    expect(runAudit).toHaveBeenCalledTimes(2);
    expect(store.createMissingEntities).toHaveBeenCalledTimes(1);

    await tasks[2].fn(new AbortController().signal);
    expect(store.removeEntitiesNotIn).toHaveBeenCalledWith([
      'component:default/payments-api',
    ]);
  });

  it('runs at most clusterConcurrency scheduled cluster audits at once', async () => {
    let running = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const slowAudit = jest.fn(async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>(resolve => release.push(resolve));
      running -= 1;
      return { run: {} } as any;
    });
    const clusters = ['a', 'b', 'c', 'd', 'e'].map(cluster);
    const limited = new AuditScheduler({
      scheduler: mockServices.scheduler.mock(),
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
      logger: mockServices.logger.mock(),
      auth: mockServices.auth(),
      catalog,
      store: store as unknown as EcrAccessStore,
      runAudit: slowAudit,
      clusters,
      clusterConcurrency: 2,
    });
    const all = Promise.all(clusters.map(c => limited.auditCluster(c)));
    const settle = () => new Promise(resolve => setTimeout(resolve, 10));
    await settle();
    expect(slowAudit).toHaveBeenCalledTimes(2);
    // Each audit that finishes lets one waiting cluster in.
    while (release.length) {
      release.shift()!();
      await settle();
    }
    await all;
    expect(slowAudit).toHaveBeenCalledTimes(5);
    expect(most).toBe(2);
  });
});
