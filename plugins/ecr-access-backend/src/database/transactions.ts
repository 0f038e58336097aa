import type { Knex } from 'knex';

/**
 * PostgreSQL's `deadlock_detected` and `serialization_failure`: the transaction was rolled
 * back whole, and running it again is what PostgreSQL's documentation asks of the client.
 */
const RETRYABLE = new Set(['40P01', '40001']);

const ATTEMPTS = 4;

function retryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs `work` in a transaction, again (up to four times in all, after a short random pause)
 * when PostgreSQL rolled it back to break a deadlock or a serialization conflict.
 *
 * Why: every write here locks rows in one order (cluster rows, then entity rows by ref,
 * then appends counts), but PostgreSQL locks the rows a statement reads in the order it
 * reads them, which a plan may change; a writer that loses such a race must not fail a
 * cluster's audit. Each write transaction reads what it changes under its locks, so a
 * second run computes from what the first one's rival committed.
 */
export async function inTransaction<T>(
  knex: Knex,
  work: (tx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await knex.transaction(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !retryable(error)) throw error;
      // Apart, so that the two writers do not meet again at once.
      const pause = 20 * attempt + Math.random() * 50 * attempt;
      await new Promise(resolve => setTimeout(resolve, pause));
    }
  }
}
