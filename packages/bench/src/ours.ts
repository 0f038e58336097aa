import type {
  AuditRun,
  AuditRunError,
  AuditRunsResponse,
} from '@ecr-access/plugin-ecr-access-common';
import { getJson, PluginBackend } from './pluginBackend';
import type { SideWork } from './types';

/**
 * How often the benchmark asks whether the audit is done. The wall time comes from the run
 * records (first start to last finish), not from the polls, so a slower poll does not lengthen
 * it; a faster one loads the backend it measures (at 200 ms, one request per cluster, 50
 * clusters made 250 requests a second, several seconds of the audit's CPU).
 */
const POLL_MS = 1_000;

/** Poll rounds that may go (partly) unanswered over one wait (see finishedRuns). */
const MAX_UNANSWERED_POLLS = 20;

/** Errors that are throttling surfacing: what the clients must absorb, not report. */
export const THROTTLING = /Throttl|TooManyRequests|Rate exceeded|\b429\b/;

export function isThrottling(error: AuditRunError): boolean {
  return error.code === 'THROTTLED' || THROTTLING.test(error.message);
}

/** The cluster's latest run, or `unanswered` when the poll got no answer. */
async function latestRun(
  backend: PluginBackend,
  cluster: string,
): Promise<AuditRun | undefined | 'unanswered'> {
  const query = new URLSearchParams({ cluster, limit: '1' });
  try {
    const runs = await getJson<AuditRunsResponse>(
      backend,
      `/audit/runs?${query}`,
    );
    return runs.items[0];
  } catch (error) {
    if (error instanceof TypeError) return 'unanswered';
    throw error;
  }
}

/** The latest run of each cluster, once every one of them has finished (GET /audit/runs). */
export async function finishedRuns(
  backend: PluginBackend,
  clusters: string[],
): Promise<AuditRun[]> {
  let unanswered = 0;
  const finished = new Map<string, AuditRun>();
  for (;;) {
    // A finished cluster's run is kept: only the clusters still auditing are asked again.
    const waiting = clusters.filter(c => !finished.has(c));
    const latest = await Promise.all(waiting.map(c => latestRun(backend, c)));
    // A backend busy auditing may not answer a poll within fetch's connect timeout; the next
    // round asks again. A round asks once per cluster, so one busy moment leaves as many
    // polls unanswered as there are clusters: rounds are counted, more than 20 is an error.
    if (latest.includes('unanswered')) unanswered += 1;
    if (unanswered > MAX_UNANSWERED_POLLS) {
      throw new Error(
        `${unanswered} rounds of GET /audit/runs polls went unanswered`,
      );
    }
    latest.forEach((run, i) => {
      if (typeof run === 'object' && run.finishedAt)
        finished.set(waiting[i], run);
    });
    if (finished.size === clusters.length) {
      return clusters.map(c => finished.get(c)!);
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Our audit, as the plugin runs it: the scheduled task of every cluster
 * (`ecr-access-audit:<cluster>`), all due at start-up and run at once by the backend's
 * scheduler, read back from the API's run records. Its wall time is theirs (first start to
 * last finish), so the backend's own start-up is not counted.
 */
export async function runOurs(
  backend: PluginBackend,
  clusters: string[],
  entitiesAudited: number,
): Promise<SideWork> {
  const runs = await finishedRuns(backend, clusters);
  const started = Math.min(...runs.map(r => Date.parse(r.startedAt)));
  const finished = Math.max(...runs.map(r => Date.parse(r.finishedAt!)));
  const errors = runs.flatMap(r => r.errors);
  const failed = runs.filter(r => r.status === 'failed').length;
  return {
    side: 'ours',
    entitiesAudited,
    wallMs: finished - started,
    storeMs: backend.queries.between(started, finished),
    workloads: runs.reduce((sum, r) => sum + r.workloadCount, 0),
    errors: errors.length + failed,
    throttlingErrors: errors.filter(isThrottling).length,
    failedClusters: failed,
    sampleErrors: errors.slice(0, 5).map(e => e.message),
  };
}
