import type { RefresherSummary } from '@ecr-access/plugin-ecr-access-common';
import { timeAgo } from './time';

const NAMED_IN_PLACES: Record<string, string> = {
  command: 'its command',
  args: 'its args',
  env: 'an env value',
};

type NamedIn = NonNullable<RefresherSummary['namedIn']>[number];

function namedInPlace(n: NamedIn): string {
  if (n.configMap) return `ConfigMap ${n.configMap} (${n.source})`;
  return NAMED_IN_PLACES[n.source] ?? n.source;
}

/**
 * How the refresher was recognised, places only: "may write regcred (an RBAC rule names it);
 * names it in ConfigMap ecr-registry-helper-cm (envFrom)".
 */
export function recognisedBy(r: RefresherSummary, secretName: string): string {
  const parts: string[] = [];
  if (r.writeAccess === 'scoped') {
    parts.push(`may write ${secretName} (an RBAC rule names it)`);
  } else if (r.writeAccess === 'broad') {
    parts.push(`may write any Secret, not only ${secretName}`);
  }
  const places = [...new Set((r.namedIn ?? []).map(namedInPlace))];
  if (places.length > 0) {
    const what = parts.length > 0 ? 'it' : secretName;
    parts.push(`names ${what} in ${places.join(', ')}`);
  }
  return parts.join('; ');
}

/** "every 10 h", "every 1.5 h", "every 30 min". */
function every(seconds: number): string {
  if (seconds < 3600)
    return `every ${Math.max(1, Math.round(seconds / 60))} min`;
  return `every ${Math.round(seconds / 360) / 10} h`;
}

/** The schedule as written and its longest gap, the interval, or why there is none. */
function cadenceOf(r: RefresherSummary): string {
  const gap = r.intervalSeconds ? every(r.intervalSeconds) : undefined;
  if (r.schedule) return ` (${r.schedule}${gap ? `, ${gap}` : ''})`;
  if (gap) return ` (${gap})`;
  if (r.kind === 'Job') return ' (runs once, no schedule)';
  if (r.kind === 'Deployment' || r.kind === 'Controller') {
    return ' (long-running, no schedule)';
  }
  return '';
}

const OUTCOME_WORDS: Record<string, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  running: 'started',
};

/**
 * The last success and the latest run: "last success 2 hours ago", "last run
 * ecr-registry-helper-29312 succeeded 2 hours ago", "last success 8 hours ago; last run
 * ecr-registry-helper-29312 failed 3 hours ago". A long-running refresher (Deployment,
 * controller) has no runs: nothing is said rather than "last success unknown".
 */
function runsOf(r: RefresherSummary, now: Date): string | undefined {
  const lastSuccess = timeAgo(r.lastSuccessAt, now);
  const scheduled = r.kind === 'CronJob' || r.kind === 'ExternalSecret';
  const success =
    lastSuccess || scheduled
      ? `last success ${lastSuccess ?? 'unknown'}`
      : undefined;
  const run = r.lastRun;
  if (!run) return success;
  const at = timeAgo(run.at, now);
  const still = run.outcome === 'running' ? ', still running' : '';
  const runText = `last run ${run.name} ${
    OUTCOME_WORDS[run.outcome] ?? run.outcome
  }${at ? ` ${at}` : ''}${still}`;
  const sameRun =
    run.outcome === 'succeeded' &&
    (!r.lastSuccessAt || r.lastSuccessAt === run.at);
  if (sameRun || !success) return runText;
  return `${success}; ${runText}`;
}

/**
 * Kind and name, cadence, last success and latest run, as one piece of text: "CronJob
 * shop/ecr-cred-refresher (0 0-23/6 * * *, every 6 h); last success 2 hours ago".
 */
export function refresherLine(r: RefresherSummary, now: Date): string {
  const runs = runsOf(r, now);
  return `${r.kind} ${r.namespace}/${r.name}${cadenceOf(r)}${
    r.suspended ? ' — suspended' : ''
  }${runs ? `; ${runs}` : ''}`;
}
