import type { Knex } from 'knex';

/** The scheduler's own bookkeeping shares the database; it is not the plugin's store at work. */
const SCHEDULER_TABLES = /backstage_backend_tasks/;

/** Epoch milliseconds with sub-millisecond precision: most SQLite queries take less than 1 ms. */
export const preciseNow = () => performance.timeOrigin + performance.now();

/** The plugin's database time between two instants. */
export interface QueryTimer {
  /** Milliseconds spent in queries that started within `[from, to]` (epoch ms). */
  between(from: number, to: number): number;
}

interface TimedQuery {
  startedAt: number;
  ms: number;
}

function newTimer(knex: Knex): QueryTimer {
  const open = new Map<string, number>();
  const done: TimedQuery[] = [];
  knex.on('query', (query: { __knexQueryUid: string; sql: string }) => {
    if (!SCHEDULER_TABLES.test(query.sql)) {
      open.set(query.__knexQueryUid, preciseNow());
    }
  });
  const finish = (query: { __knexQueryUid: string }) => {
    const startedAt = open.get(query.__knexQueryUid);
    if (startedAt === undefined) return;
    open.delete(query.__knexQueryUid);
    done.push({ startedAt, ms: preciseNow() - startedAt });
  };
  knex.on('query-response', (_response: unknown, query) => finish(query));
  knex.on('query-error', (_error: unknown, query) => finish(query));
  return {
    /** Milliseconds spent in queries that started within `[from, to]` (epoch ms). */
    between(from: number, to: number): number {
      return done
        .filter(q => q.startedAt >= from && q.startedAt <= to)
        .reduce((sum, q) => sum + q.ms, 0);
    },
  };
}

/** One timer per database: the API benchmark starts a backend per cluster on the same one. */
const timers = new WeakMap<Knex, QueryTimer>();

/**
 * Times every query the plugin sends through `knex` (transactions included: knex re-emits their
 * events on the instance), so that the report can say how much of an audit the store takes
 * without reaching into the plugin: the sum of query times between two instants.
 */
export function timeQueries(knex: Knex): QueryTimer {
  let timer = timers.get(knex);
  if (!timer) {
    timer = newTimer(knex);
    timers.set(knex, timer);
  }
  return timer;
}
