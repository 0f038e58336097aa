import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { entityResult, workload } from '../__fixtures__/workloads';
import { AuditCountsCache } from './auditCountsCache';
import { aggregateStatus } from '../audit/pipeline';
import { DatabaseEcrAccessStore } from './DatabaseEcrAccessStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** A count that answers how many times it was computed. */
function counting() {
  let calls = 0;
  return jest.fn(async () => ++calls);
}

describe.each(databases.eachSupportedId())(
  'AuditCountsCache (%s)',
  databaseId => {
    const T1 = new Date('2026-11-23T10:00:00.000Z');

    async function setUp() {
      const knex = await databases.init(databaseId);
      // Another replica's store on the same database: it writes, the cache must notice.
      const replica = await DatabaseEcrAccessStore.create({
        aggregate: aggregateStatus,
        database: mockServices.database({ knex }),
      });
      let now = 0;
      const cache = new AuditCountsCache(knex, 30_000, () => now);
      const write = (name: string, pullAuth: 'node-role' | 'static-secret') =>
        replica.writeClusterResults({
          cluster: 'prod',
          checkedAt: T1,
          entities: [
            entityResult(name, [
              workload({
                cluster: 'prod',
                name,
                pullAuth,
                findings:
                  pullAuth === 'static-secret' ? ['SECRET_EXPIRED'] : [],
              }),
            ]),
          ],
        });
      return { cache, write, advance: (ms: number) => (now += ms) };
    }

    it('computes once while no status changes, again when one does or an entity comes', async () => {
      const { cache, write } = await setUp();
      await write('web', 'node-role');
      const compute = counting();
      expect(await cache.get('total', {}, compute)).toBe(1);
      expect(await cache.get('total', {}, compute)).toBe(1);
      // Another filter is another entry.
      expect(await cache.get('total', { health: 'error' }, compute)).toBe(2);
      // The same results again: no status changed, the count stands.
      await write('web', 'node-role');
      expect(await cache.get('total', {}, compute)).toBe(1);
      // A status changes (a history row): counted again.
      await write('web', 'static-secret');
      expect(await cache.get('total', {}, compute)).toBe(3);
      // A new entity: counted again.
      await write('api', 'static-secret');
      expect(await cache.get('total', {}, compute)).toBe(4);
      expect(compute).toHaveBeenCalledTimes(4);
    });

    it('keeps a count at most its time to live, and never a failed one', async () => {
      const { cache, write, advance } = await setUp();
      await write('web', 'node-role');
      const compute = counting();
      await cache.get('summary', {}, compute);
      advance(29_000);
      await cache.get('summary', {}, compute);
      expect(compute).toHaveBeenCalledTimes(1);
      advance(2_000);
      await cache.get('summary', {}, compute);
      expect(compute).toHaveBeenCalledTimes(2);

      let attempts = 0;
      const failing = jest.fn(async () => {
        attempts++;
        if (attempts === 1) throw new Error('connection lost');
        return 7;
      });
      await expect(cache.get('total', {}, failing)).rejects.toThrow(
        'connection lost',
      );
      expect(await cache.get('total', {}, failing)).toBe(7);
    });

    it('keys a visibility list by its content, not its order', async () => {
      const { cache, write } = await setUp();
      await write('web', 'node-role');
      const compute = counting();
      const a = 'component:default/a';
      const b = 'component:default/b';
      await cache.get('total', { entityRefs: [a, b] }, compute);
      await cache.get('total', { entityRefs: [b, a] }, compute);
      expect(compute).toHaveBeenCalledTimes(1);
      await cache.get('total', { entityRefs: [a] }, compute);
      expect(compute).toHaveBeenCalledTimes(2);
    });
  },
);
