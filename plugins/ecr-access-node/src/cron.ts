import { CronExpressionParser } from 'cron-parser';

/** Result of {@link cronMaxInterval}: the longest gap between runs, or why the schedule is invalid. @public */
export type CronScheduleResult =
  | { ok: true; maxIntervalMs: number; timeZone?: string }
  | { ok: false; error: string };

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const DAY_MS = 24 * 3600_000;
/** A schedule repeats at the latest every year; 400 days covers leap years. */
const HORIZON_MS = 400 * DAY_MS;
const MAX_STEPS = 5000;

/**
 * Parse a Go duration ("6h", "1h30m", "90s") as used by `@every` and by
 * External Secrets' refreshInterval. Undefined if malformed.
 */
export function parseGoDuration(text: string): number | undefined {
  const units: Record<string, number> = {
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3600_000,
  };
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += parseFloat(m[1]) * units[m[2]];
    consumed = re.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

/**
 * Split a CronJob schedule into time zone and expression. Kubernetes accepts
 * five fields or a robfig/cron descriptor, and a `CRON_TZ=`/`TZ=` prefix.
 */
function splitSchedule(schedule: string): { tz?: string; expr: string } {
  const m = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(schedule.trim());
  return m ? { tz: m[1], expr: m[2].trim() } : { expr: schedule.trim() };
}

/** Results depend only on the schedule text, so they can be reused across audits. */
const CACHE = new Map<string, CronScheduleResult>();

/**
 * The longest gap between two consecutive runs of a CronJob schedule: the
 * time a token written by one run must last until the next one. Computed
 * from a fixed start so that it is deterministic.
 *
 * @public
 */
export function cronMaxInterval(
  schedule: unknown,
  timeZone?: string,
): CronScheduleResult {
  if (typeof schedule !== 'string')
    return computeMaxInterval(schedule, timeZone);
  const key = `${schedule}\u0000${timeZone ?? ''}`;
  let result = CACHE.get(key);
  if (!result) {
    result = computeMaxInterval(schedule, timeZone);
    if (CACHE.size > 1000) CACHE.clear();
    CACHE.set(key, result);
  }
  return result;
}

function computeMaxInterval(
  schedule: unknown,
  timeZone?: string,
): CronScheduleResult {
  if (typeof schedule !== 'string' || schedule.trim() === '') {
    return { ok: false, error: 'schedule is empty' };
  }
  const { tz, expr } = splitSchedule(schedule);
  const zone = timeZone ?? tz;
  if (expr.startsWith('@every ')) {
    const ms = parseGoDuration(expr.slice(7).trim());
    return ms && ms > 0
      ? { ok: true, maxIntervalMs: ms, timeZone: zone }
      : { ok: false, error: `invalid @every duration in "${schedule}"` };
  }
  const fields = MACROS[expr] ?? expr;
  if (fields.split(/\s+/).length !== 5) {
    return {
      ok: false,
      error: `"${schedule}" is not a five-field cron schedule`,
    };
  }
  try {
    const start = new Date(Date.UTC(2025, 0, 1));
    const it = CronExpressionParser.parse(fields, {
      currentDate: start,
      tz: zone,
      strict: false,
    });
    let prev = it.next().getTime();
    let max = 0;
    for (let i = 0; i < MAX_STEPS && prev - start.getTime() < HORIZON_MS; i++) {
      const next = it.next().getTime();
      max = Math.max(max, next - prev);
      prev = next;
    }
    return { ok: true, maxIntervalMs: max, timeZone: zone };
  } catch (e) {
    return {
      ok: false,
      error: `cannot parse schedule "${schedule}": ${(e as Error).message}`,
    };
  }
}
