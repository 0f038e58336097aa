import type { Knex } from 'knex';
import { inTransaction } from './transactions';

/** A knex whose transactions fail with the given errors, in turn, then run the work. */
function failingThen(errors: unknown[]) {
  let calls = 0;
  const knex = {
    transaction: async (work: (tx: Knex.Transaction) => Promise<unknown>) => {
      calls++;
      const error = errors.shift();
      if (error) throw error;
      return work({} as Knex.Transaction);
    },
  } as unknown as Knex;
  return { knex, calls: () => calls };
}

describe('inTransaction', () => {
  it('runs a transaction PostgreSQL rolled back for a deadlock or a serialization failure again', async () => {
    const db = failingThen([{ code: '40P01' }, { code: '40001' }]);
    await expect(inTransaction(db.knex, async () => 'written')).resolves.toBe(
      'written',
    );
    expect(db.calls()).toBe(3);
  });

  it('gives up after four attempts', async () => {
    const deadlock = Object.assign(new Error('deadlock detected'), {
      code: '40P01',
    });
    const db = failingThen([deadlock, deadlock, deadlock, deadlock, deadlock]);
    await expect(inTransaction(db.knex, async () => 'written')).rejects.toBe(
      deadlock,
    );
    expect(db.calls()).toBe(4);
  });

  it('does not run again on any other error', async () => {
    const violation = Object.assign(new Error('duplicate key'), {
      code: '23505',
    });
    const db = failingThen([violation]);
    await expect(inTransaction(db.knex, async () => 'written')).rejects.toBe(
      violation,
    );
    expect(db.calls()).toBe(1);
  });
});
