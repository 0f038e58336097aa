import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { aggregateStatus } from '../audit/pipeline';
import { DatabaseEcrAccessStore } from '../database';
import { NotificationLedger } from './NotificationLedger';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const LEASE = 5 * 60_000;
const ENTITY = 'component:default/invoice-renderer';
// Longer than an indexed string column may be: the key is stored whole, indexed by its hash.
const KEY = `secret-expiry|prod-use1|billing/${'x'.repeat(300)}`;

/** Claims of replicas that stop mid-send, on both databases. */
describe.each(databases.eachSupportedId())(
  'NotificationLedger (%s)',
  databaseId => {
    let ledger: NotificationLedger;

    beforeAll(async () => {
      const knex: Knex = await databases.init(databaseId);
      // The store runs the plugin's migrations, the ledger's table among them.
      await DatabaseEcrAccessStore.create({
        aggregate: aggregateStatus,
        database: mockServices.database({ knex }),
      });
      ledger = new NotificationLedger(knex);
    });

    const claimRaise = (claim: string, now: number) =>
      ledger.claimRaise({
        entityRef: ENTITY,
        key: KEY,
        severity: 'warning',
        claim,
        now,
        leaseMs: LEASE,
      });

    it('leaves a claim to its replica within the lease, and takes it over after', async () => {
      expect(await claimRaise('replica-a', 1_000)).toBe(true);
      expect(await claimRaise('replica-b', 1_000 + LEASE)).toBe(false);
      expect(await claimRaise('replica-b', 1_001 + LEASE)).toBe(true);
      // replica-a comes back: its confirmation no longer applies.
      await ledger.confirmRaised(ENTITY, KEY, 'replica-a');
      expect(await ledger.listOpen()).toEqual([
        {
          entityRef: ENTITY,
          key: KEY,
          state: 'raising',
          claimedAtMs: 1_001 + LEASE,
        },
      ]);
      await ledger.confirmRaised(ENTITY, KEY, 'replica-b');
      expect((await ledger.listOpen())[0].state).toBe('raised');
      // Sent: never claimed to raise again, whatever the time.
      expect(await claimRaise('replica-c', 10 * LEASE)).toBe(false);
    });

    it('resolves once, gives a failed resolve back, and reopens the condition after it', async () => {
      const resolve = (claim: string, now: number) =>
        ledger.claimResolve({
          entityRef: ENTITY,
          key: KEY,
          claim,
          now,
          leaseMs: LEASE,
        });
      expect(await resolve('replica-a', 20 * LEASE)).toBe(true);
      expect(await resolve('replica-b', 20 * LEASE)).toBe(false);
      await ledger.releaseResolve(ENTITY, KEY, 'replica-a');
      expect(await resolve('replica-b', 20 * LEASE)).toBe(true);
      await ledger.confirmResolved(ENTITY, KEY, 'replica-b');
      expect(await ledger.listOpen()).toEqual([]);
      expect(await claimRaise('replica-c', 30 * LEASE)).toBe(true);
    });
  },
);
