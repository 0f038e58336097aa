import {
  createFinding,
  Finding,
  RefresherSummary,
} from '@ecr-access/plugin-ecr-access-common';
import { cronMaxInterval, parseGoDuration } from './cron';
import { ECR_TOKEN_LIFETIME_MS } from './dockerConfig';
import { asArray, asRecord, asString, metaOf, parseTime } from './k8sJson';
import type { RefresherJob, WorkloadRefresherFacts } from './refreshers';

/** The outcome of one Job: a CronJob's latest run, or a standalone refresher Job. @public */
export interface JobRun {
  /** Name of the Job. */
  name: string;
  /** Whether the Job succeeded, failed, or still runs. */
  outcome: 'succeeded' | 'failed' | 'running';
  /** When it started (else was created), or finished. */
  at?: number;
  /** The reason of a `Failed` condition, e.g. `BackoffLimitExceeded`. */
  reason?: string;
}

/** One kind of refresher, with the fields of that kind. */
type RefresherOf<K extends RefresherJob['kind']> = Extract<
  RefresherJob,
  { kind: K }
>;

/** How findings name a refresher: `CronJob ns/name`. */
function subjectOf(job: RefresherJob): string {
  return `${job.kind} ${job.namespace}/${job.name}`;
}

function condition(job: unknown, type: string) {
  return asArray(asRecord(asRecord(job)?.status)?.conditions)
    .map(asRecord)
    .find(c => c?.type === type && c.status === 'True');
}

/**
 * A Job's outcome as the Job controller reports it: the `Failed` or
 * `Complete` condition when set, else its pod counts (active pods mean a
 * retry may still succeed).
 */
export function jobRun(job: unknown): JobRun {
  const m = metaOf(job);
  const status = asRecord(asRecord(job)?.status);
  const started =
    parseTime(status?.startTime) ?? parseTime(m.raw.creationTimestamp);
  const failed = condition(job, 'Failed');
  const base = { name: m.name ?? '', at: started };
  if (failed) {
    return {
      ...base,
      outcome: 'failed',
      at: parseTime(failed.lastTransitionTime) ?? started,
      reason: asString(failed.reason),
    };
  }
  const done =
    condition(job, 'Complete') ?? condition(job, 'SuccessCriteriaMet');
  const count = (key: string) => Number(status?.[key] ?? 0);
  if (done || (count('succeeded') > 0 && count('active') === 0)) {
    const at = parseTime(status?.completionTime) ?? started;
    return { ...base, outcome: 'succeeded', at };
  }
  if (count('active') === 0 && count('failed') > 0)
    return { ...base, outcome: 'failed' };
  return { ...base, outcome: 'running' };
}

const JOBS_BY_OWNER = new WeakMap<unknown[], Map<string, unknown[]>>();

/** Jobs by the `<namespace>/<name>` and the uid of the CronJob that owns them. */
function jobsByOwner(jobs: unknown[]): Map<string, unknown[]> {
  let index = JOBS_BY_OWNER.get(jobs);
  if (index) return index;
  index = new Map();
  for (const job of jobs) {
    const m = metaOf(job);
    for (const owner of asArray(m.raw.ownerReferences).map(asRecord)) {
      if (owner?.kind !== 'CronJob') continue;
      const key = asString(owner.uid) ?? `${m.namespace}/${owner.name}`;
      index.set(key, [...(index.get(key) ?? []), job]);
    }
  }
  JOBS_BY_OWNER.set(jobs, index);
  return index;
}

/**
 * The latest Job a CronJob started, found by its ownerReferences (uid when
 * both carry one); undefined when Jobs were not listed or none is left
 * (the CronJob controller keeps a few by its history limits).
 */
export function latestJobOf(
  cronJob: unknown,
  jobs: unknown[] | undefined,
): JobRun | undefined {
  if (!Array.isArray(jobs)) return undefined;
  const m = metaOf(cronJob);
  const index = jobsByOwner(jobs);
  const uid = asString(m.raw.uid);
  const owned =
    (uid && index.get(uid)) || index.get(`${m.namespace}/${m.name}`) || [];
  const runs = owned.map(jobRun);
  runs.sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
  return runs[0];
}

function intervalFindings(
  subject: string,
  ms: number | undefined,
  what: string,
  malformed: string,
): Finding[] {
  if (ms === undefined)
    return [createFinding('INPUT_MALFORMED', subject, malformed)];
  if (ms === 0 || ms >= ECR_TOKEN_LIFETIME_MS) {
    // A run exactly at expiry still leaves pulls failing while the job runs.
    const text =
      ms === 0
        ? `${what} never refreshes (interval 0)`
        : `${what} runs every ${ms / 3600_000} h; ECR tokens live 12 h`;
    return [createFinding('REFRESHER_TOO_SLOW', subject, text)];
  }
  return [];
}

const hoursAgo = (now: Date, t: number) =>
  Math.round((now.getTime() - t) / 3600_000);

/** "N h ago", or "N min ago" under an hour. */
function agoText(now: Date, t: number): string {
  const ms = now.getTime() - t;
  return ms < 3600_000
    ? `${Math.max(0, Math.round(ms / 60_000))} min ago`
    : `${hoursAgo(now, t)} h ago`;
}

/**
 * How much later than the secret's last data write a run may finish and still be the run that
 * wrote it: the Job writes, then completes (seed 002's does within seconds), and the apiserver's
 * managedFields time and the controllers' status times come from different clocks.
 */
const WRITE_TO_SUCCESS_TOLERANCE_MS = 15 * 60_000;

/**
 * A run that succeeded clearly after the secret's last data write did not write it: the
 * refresher targets other namespaces (k8s-ecr-login-renew's TARGET_NAMESPACE) or its write
 * failed behind a script that still exits 0.
 */
function notWrittenByRun(
  job: WorkloadRefresherFacts,
  subject: string,
  successAt: number | undefined,
  now: Date,
): string | undefined {
  const write = job.secretWrite;
  if (successAt === undefined || write === undefined) return undefined;
  if (successAt - write.at <= WRITE_TO_SUCCESS_TOLERANCE_MS) return undefined;
  return `${subject} last succeeded ${agoText(now, successAt)}, but Secret ${
    write.namespace
  }/${write.name} was last written ${agoText(now, write.at)} by ${
    write.writer
  }: its runs do not rewrite this secret`;
}

function failedRunText(subject: string, run: JobRun): string {
  return `${subject}: its last run, Job ${run.name}, failed${
    run.reason ? ` (${run.reason})` : ''
  }`;
}

function cronJobFailing(
  job: RefresherOf<'CronJob'>,
  subject: string,
  now: Date,
): string | undefined {
  const lastSuccessAt =
    job.lastSuccessAt ??
    (job.lastRun?.outcome === 'succeeded' ? job.lastRun.at : undefined);
  if (job.suspended) return `${subject} is suspended`;
  if (job.lastRun?.outcome === 'failed')
    return failedRunText(subject, job.lastRun);
  if (
    lastSuccessAt !== undefined &&
    now.getTime() - lastSuccessAt > ECR_TOKEN_LIFETIME_MS
  ) {
    return `${subject} last succeeded ${hoursAgo(now, lastSuccessAt)} h ago`;
  }
  if (
    lastSuccessAt === undefined &&
    (job.createdAt === undefined ||
      now.getTime() - job.createdAt > ECR_TOKEN_LIFETIME_MS)
  ) {
    return `${subject} has no recorded successful run`;
  }
  return notWrittenByRun(job, subject, lastSuccessAt, now);
}

function cronJobFindings(job: RefresherOf<'CronJob'>, now: Date): Finding[] {
  const subject = subjectOf(job);
  const interval = cronMaxInterval(job.schedule, job.timeZone);
  const findings = intervalFindings(
    subject,
    interval.ok ? interval.maxIntervalMs : undefined,
    `${subject} (schedule "${job.schedule}")`,
    interval.ok ? '' : `${subject} has an unusable schedule: ${interval.error}`,
  );
  const failing = cronJobFailing(job, subject, now);
  if (failing)
    findings.push(createFinding('REFRESHER_FAILING', subject, failing));
  return findings;
}

/** A standalone Job runs once: the token it wrote expires 12 hours later. */
function jobFindings(job: RefresherOf<'Job'>, now: Date): Finding[] {
  const subject = subjectOf(job);
  if (job.run.outcome === 'failed')
    return [
      createFinding(
        'REFRESHER_FAILING',
        subject,
        failedRunText(subject, job.run),
      ),
    ];
  if (job.run.outcome === 'succeeded') {
    const when =
      job.run.at === undefined
        ? ''
        : ` (finished ${hoursAgo(now, job.run.at)} h ago)`;
    const text = `${subject} ran once${when} and runs no more; ECR tokens live 12 h`;
    const notWritten = notWrittenByRun(job, subject, job.run.at, now);
    return [
      createFinding('REFRESHER_TOO_SLOW', subject, text),
      ...(notWritten
        ? [createFinding('REFRESHER_FAILING', subject, notWritten)]
        : []),
    ];
  }
  return [];
}

function deploymentFindings(job: RefresherOf<'Deployment'>): Finding[] {
  const subject = subjectOf(job);
  if (job.replicas === 0)
    return [
      createFinding('REFRESHER_FAILING', subject, `${subject} is scaled to 0`),
    ];
  if (job.availableReplicas === 0)
    return [
      createFinding(
        'REFRESHER_FAILING',
        subject,
        `${subject} has no available replica`,
      ),
    ];
  return [];
}

/**
 * An ExternalSecret whose last refresh is older than its interval allows has stalled, whatever
 * `Ready` still says: a controller that is down or scaled to 0 updates no status. One missed
 * refresh is no stall (a controller restart); two, and at least 15 minutes late, are.
 */
function stalledText(
  job: RefresherOf<'ExternalSecret'>,
  subject: string,
  intervalMs: number | undefined,
  now: Date,
): string | undefined {
  if (!intervalMs || job.lastSuccessAt === undefined) return undefined;
  const late = Math.max(intervalMs, WRITE_TO_SUCCESS_TOLERANCE_MS);
  if (now.getTime() - job.lastSuccessAt <= intervalMs + late) return undefined;
  return `${subject} last refreshed ${agoText(
    now,
    job.lastSuccessAt,
  )}, though its refreshInterval is ${job.refreshInterval ?? '1h'}`;
}

function externalSecretFindings(
  job: RefresherOf<'ExternalSecret'>,
  now: Date,
): Finding[] {
  const subject = subjectOf(job);
  const text = job.refreshInterval ?? '1h'; // External Secrets' default
  const intervalMs = parseGoDuration(text);
  const findings = intervalFindings(
    subject,
    intervalMs,
    `${subject} (refreshInterval ${text})`,
    `${subject} has an unusable refreshInterval "${text}"`,
  );
  if (job.unreadClusterGenerator !== undefined) {
    findings.push(
      createFinding(
        'OBJECTS_NOT_READABLE',
        subject,
        `${subject} draws from ClusterGenerator ${job.unreadClusterGenerator}, which is not read, so whether it writes a fresh ECR token is unknown`,
      ),
    );
  }
  const failing =
    job.ready === false
      ? `${subject} is not Ready${
          job.notReadyReason ? `: ${job.notReadyReason}` : ''
        }`
      : stalledText(job, subject, intervalMs, now);
  if (failing)
    findings.push(createFinding('REFRESHER_FAILING', subject, failing));
  return findings;
}

/**
 * Findings about a refresher: failing (suspended, last run failed, no
 * success for 12 h, no available replica, a success well after the secret's
 * last write, an ExternalSecret two intervals behind), slower than the
 * 12-hour token life (the longest gap of its schedule, a one-off Job), a
 * schedule that cannot be parsed, or a ClusterGenerator source not read.
 */
export function refresherFindings(job: RefresherJob, now: Date): Finding[] {
  if (job.kind === 'Controller') return [];
  if (job.kind === 'CronJob') return cronJobFindings(job, now);
  if (job.kind === 'Job') return jobFindings(job, now);
  if (job.kind === 'Deployment') return deploymentFindings(job);
  return externalSecretFindings(job, now);
}

const iso = (t?: number) =>
  t === undefined ? undefined : new Date(t).toISOString();

function runSummary(run?: JobRun): RefresherSummary['lastRun'] {
  return run && { name: run.name, outcome: run.outcome, at: iso(run.at) };
}

/** Where a workload refresher names the secret and how it may write it. */
function evidenceSummary(
  job: RefresherOf<'CronJob' | 'Job' | 'Deployment'>,
): Pick<RefresherSummary, 'writeAccess' | 'namedIn'> {
  return {
    writeAccess: job.evidence.includes('rbac-scoped') ? 'scoped' : 'broad',
    namedIn: job.mentions?.map(m => ({
      source: m.source,
      ...(m.configMap ? { configMap: m.configMap } : {}),
    })),
  };
}

/** The summary stored in the status. */
export function summarizeRefresher(job: RefresherJob): RefresherSummary {
  const base = { kind: job.kind, namespace: job.namespace, name: job.name };
  if (job.kind === 'Controller') return base;
  if (job.kind === 'ExternalSecret') {
    const ms =
      job.refreshInterval === undefined
        ? 3600_000
        : parseGoDuration(job.refreshInterval);
    return {
      ...base,
      intervalSeconds: ms === undefined ? undefined : ms / 1000,
      lastSuccessAt: iso(job.lastSuccessAt),
    };
  }
  if (job.kind === 'Job') {
    const success = job.run.outcome === 'succeeded' ? job.run.at : undefined;
    return {
      ...base,
      lastSuccessAt: iso(success),
      lastRun: runSummary(job.run),
      ...evidenceSummary(job),
    };
  }
  if (job.kind === 'Deployment') return { ...base, ...evidenceSummary(job) };
  const interval = cronMaxInterval(job.schedule, job.timeZone);
  return {
    ...base,
    schedule: job.schedule,
    intervalSeconds: interval.ok ? interval.maxIntervalMs / 1000 : undefined,
    suspended: job.suspended,
    lastSuccessAt: iso(job.lastSuccessAt),
    ...(job.lastRun ? { lastRun: runSummary(job.lastRun) } : {}),
    ...(job.evidence.length ? evidenceSummary(job) : {}),
  };
}
