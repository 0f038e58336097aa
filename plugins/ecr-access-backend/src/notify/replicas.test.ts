import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import { aggregateStatus } from '../audit/pipeline';
import { DatabaseEcrAccessStore } from '../database';
import { DEMO_STATUSES } from './__fixtures__/demoStatuses';
import { NotificationLedger } from './NotificationLedger';
import { NOTIFY_SEVERITIES } from './notifyConfig';
import { OwnerNotifier } from './OwnerNotifier';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const HOUR = 3_600_000;
const EXPIRES_AT = Date.parse('2026-12-03T16:50:50.000Z');
const CHECKED_AT = new Date(EXPIRES_AT - 2 * HOUR);

type Name = 'invoice-renderer' | 'fraud-scorer';

/**
 * One audit of prod-use1: the demo statuses' workloads there, or none for the entities in
 * `without` (gone from a cluster that was read).
 */
function prodResults(without: Name[] = []) {
  const names: Name[] = ['invoice-renderer', 'fraud-scorer'];
  return {
    cluster: 'prod-use1',
    checkedAt: CHECKED_AT,
    entities: names.map(name => ({
      entityRef: `component:default/${name}`,
      kind: 'component',
      namespace: 'default',
      name,
      owner: 'group:default/team-payments',
      workloads: without.includes(name)
        ? []
        : DEMO_STATUSES[name].workloads.filter(w => w.cluster === 'prod-use1'),
    })),
  };
}

/**
 * The one-per-replica guarantee on both databases: backend replicas evaluating the same
 * statuses at the same instant, each with its own store and ledger on the shared database,
 * send each notification once between them, and each "resolved" once.
 */
describe.each(databases.eachSupportedId())(
  'notifications from several replicas (%s)',
  databaseId => {
    let knex: Knex;
    let store: DatabaseEcrAccessStore;
    let now = new Date(EXPIRES_AT - 30 * 60_000);
    const sent: NotificationSendOptions[] = [];

    async function replica(send?: () => Promise<void>) {
      return new OwnerNotifier({
        store: await DatabaseEcrAccessStore.create({
          aggregate: aggregateStatus,
          database: mockServices.database({ knex }),
          skipMigrations: true,
        }),
        ledger: new NotificationLedger(knex),
        notifications: {
          send: async options => {
            await send?.();
            sent.push(options);
          },
        },
        options: {
          expiryWindowMs: HOUR,
          severities: new Set(NOTIFY_SEVERITIES),
        },
        now: () => now,
      });
    }

    const scopes = () => sent.map(s => s.payload.scope).sort();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseEcrAccessStore.create({
        aggregate: aggregateStatus,
        database: mockServices.database({ knex }),
      });
      await store.writeClusterResults(prodResults());
    });

    it('sends each condition once, however many replicas evaluate at once', async () => {
      const replicas = await Promise.all([1, 2, 3, 4].map(() => replica()));
      for (let round = 0; round < 3; round++) {
        await Promise.all(replicas.map(r => r.evaluate()));
      }
      expect(scopes()).toEqual(
        [
          'component:default/fraud-scorer:health-error|',
          'component:default/fraud-scorer:refresher|prod-use1|REFRESHER_FAILING|CronJob fraud/fraud-ecr-refresher',
          'component:default/fraud-scorer:secret-expiry|prod-use1|fraud/fraud-regcred',
          'component:default/invoice-renderer:secret-expiry|prod-use1|billing/invoice-regcred',
        ].map(s => `ecr-access:${s}`),
      );
    });

    it('sends "resolved" once when the condition clears', async () => {
      sent.length = 0;
      // invoice-renderer's workload is gone from a cluster that was read: the secret with it.
      await store.writeClusterResults(prodResults(['invoice-renderer']));
      now = new Date(now.getTime() + 60_000);
      const replicas = await Promise.all([1, 2, 3].map(() => replica()));
      await Promise.all(replicas.map(r => r.evaluate()));
      await Promise.all(replicas.map(r => r.evaluate()));
      expect(sent.map(s => s.payload.title)).toEqual([
        'Resolved: invoice-renderer: pull secret billing/invoice-regcred on prod-use1 no longer about to expire',
      ]);
    });

    it('sends what a replica failed to send on a later evaluation, still once', async () => {
      sent.length = 0;
      await store.writeClusterResults(prodResults());
      const down = await replica(async () => {
        throw new Error('Request failed with status 503');
      });
      await expect(down.evaluate()).rejects.toThrow(
        /could not send the notification about component:default\/invoice-renderer/,
      );
      expect(sent).toEqual([]);
      const [a, b] = await Promise.all([replica(), replica()]);
      await Promise.all([a.evaluate(), b.evaluate()]);
      expect(scopes()).toEqual([
        'ecr-access:component:default/invoice-renderer:secret-expiry|prod-use1|billing/invoice-regcred',
      ]);
    });

    it('forgets, without a word, the conditions of an entity that left the catalog', async () => {
      sent.length = 0;
      const open = () =>
        knex('ecr_access_notifications').where(
          'entity_ref',
          'component:default/fraud-scorer',
        );
      expect(await open()).toHaveLength(3);
      await store.removeEntitiesNotIn(['component:default/invoice-renderer']);
      await (await replica()).evaluate();
      expect(sent).toEqual([]);
      expect(await open()).toHaveLength(0);
    });
  },
);
