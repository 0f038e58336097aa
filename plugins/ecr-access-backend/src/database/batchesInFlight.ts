import type { Knex } from 'knex';
import type { WriteSummary } from './EcrAccessStore';
import { isPostgres } from './rows';

/**
 * Batches of one write in flight at once on PostgreSQL. Why two: a batch alternates between
 * the store's JavaScript (aggregating, hashing, serialising) and PostgreSQL's work on the
 * rows sent; with a second batch in flight each waits less on the other (50,000 statuses:
 * 3 s of JavaScript and 4 s in PostgreSQL, which serial batches add up). The batches of one
 * write hold disjoint entities, so they never wait on each other's locks. SQLite has a
 * single writer: one at a time.
 */
const IN_FLIGHT = 2;

/** Runs `write` over `batches`, as many at once as the engine gains from, and sums them. */
export async function writeBatches(
  knex: Knex,
  batches: string[][],
  write: (batch: string[]) => Promise<WriteSummary>,
): Promise<WriteSummary> {
  const total = { entities: 0, changed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const written = await write(batches[next++]);
      total.entities += written.entities;
      total.changed += written.changed;
    }
  };
  const workers = isPostgres(knex) ? IN_FLIGHT : 1;
  await Promise.all(Array.from({ length: workers }, worker));
  return total;
}
