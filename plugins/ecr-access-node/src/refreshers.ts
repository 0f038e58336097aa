import {
  createFinding,
  Finding,
  RefresherSummary,
} from '@ecr-access/plugin-ecr-access-common';
import { cronMaxInterval, parseGoDuration } from './cron';
import { ECR_TOKEN_LIFETIME_MS, secretLastWrite } from './dockerConfig';
import { asArray, asRecord, asString, metaOf, parseTime } from './k8sTypes';
import { RbacObjects, secretWriteAccess } from './rbac';

/**
 * What keeps a pull secret fresh, with the facts needed to judge it.
 *
 * @public
 */
export type RefresherJob =
  | {
      kind: 'CronJob';
      namespace: string;
      name: string;
      schedule?: string;
      timeZone?: string;
      suspended: boolean;
      lastSuccessAt?: number;
      createdAt?: number;
      /** Why this CronJob is taken for the refresher. */
      evidence: Array<'rbac-scoped' | 'rbac-broad' | 'names-secret'>;
    }
  | {
      kind: 'ExternalSecret';
      namespace: string;
      name: string;
      refreshInterval?: string;
      ready?: boolean;
      notReadyReason?: string;
      lastSuccessAt?: number;
    }
  | { kind: 'Controller'; namespace: string; name: string };

/** @public */
export interface RefresherObjects extends RbacObjects {
  cronJobs?: unknown[];
  externalSecrets?: unknown[];
}

function podSpecOfCronJob(cj: unknown): Record<string, unknown> | undefined {
  const spec = asRecord(asRecord(cj)?.spec);
  const jobSpec = asRecord(asRecord(spec?.jobTemplate)?.spec);
  return asRecord(asRecord(jobSpec?.template)?.spec);
}

/** Whether any container of the job mentions the secret as a whole word. */
function namesSecret(
  podSpec: Record<string, unknown> | undefined,
  name: string,
): boolean {
  const word = new RegExp(
    `(^|[^A-Za-z0-9._-])${name.replace(/[.]/g, '\\.')}($|[^A-Za-z0-9._-])`,
  );
  const containers = [
    ...asArray(podSpec?.containers),
    ...asArray(podSpec?.initContainers),
  ];
  return containers.some(c => {
    const rec = asRecord(c);
    const texts = [
      ...asArray(rec?.command),
      ...asArray(rec?.args),
      ...asArray(rec?.env).map(e => asRecord(e)?.value),
    ];
    return texts.some(t => typeof t === 'string' && word.test(t));
  });
}

function cronJobCandidate(
  cj: unknown,
  secret: { namespace: string; name: string },
  rbac: RbacObjects,
) {
  const m = metaOf(cj);
  if (!m.name || !m.namespace) return undefined;
  const podSpec = podSpecOfCronJob(cj);
  const sa =
    asString(podSpec?.serviceAccountName) ??
    asString(podSpec?.serviceAccount) ??
    'default';
  const access = secretWriteAccess(
    rbac,
    { namespace: m.namespace, name: sa },
    secret,
  );
  const names =
    m.namespace === secret.namespace && namesSecret(podSpec, secret.name);
  const evidence: Array<'rbac-scoped' | 'rbac-broad' | 'names-secret'> = [];
  if (access !== 'none')
    evidence.push(access === 'scoped' ? 'rbac-scoped' : 'rbac-broad');
  if (names) evidence.push('names-secret');
  // A broad "update any secret" grant alone does not make a job a refresher.
  if (access !== 'scoped' && !names) return undefined;
  const rbacScore = { scoped: 2, broad: 0.5, none: 0 }[access];
  const score = rbacScore + (names ? 1 : 0);
  const spec = asRecord(asRecord(cj)?.spec);
  const job: RefresherJob = {
    kind: 'CronJob',
    namespace: m.namespace,
    name: m.name,
    schedule: typeof spec?.schedule === 'string' ? spec.schedule : undefined,
    timeZone: asString(spec?.timeZone),
    suspended: spec?.suspend === true,
    lastSuccessAt: parseTime(
      asRecord(asRecord(cj)?.status)?.lastSuccessfulTime,
    ),
    createdAt: parseTime(m.raw.creationTimestamp),
    evidence,
  };
  return { job, score };
}

function usesEcrGenerator(es: unknown): boolean {
  return asArray(asRecord(asRecord(es)?.spec)?.dataFrom).some(
    d =>
      asRecord(asRecord(asRecord(d)?.sourceRef)?.generatorRef)?.kind ===
      'ECRAuthorizationToken',
  );
}

function externalSecretFor(
  secret: unknown,
  objects: RefresherObjects,
): RefresherJob | undefined {
  const s = metaOf(secret);
  const owners = asArray(s.raw.ownerReferences).map(asRecord);
  const es = (objects.externalSecrets ?? []).find(e => {
    const m = metaOf(e);
    if (m.namespace !== s.namespace || !usesEcrGenerator(e)) return false;
    const target =
      asString(asRecord(asRecord(asRecord(e)?.spec)?.target)?.name) ?? m.name;
    return (
      target === s.name ||
      owners.some(o => o?.kind === 'ExternalSecret' && o.name === m.name)
    );
  });
  if (!es) return undefined;
  const m = metaOf(es);
  const rec = asRecord(es);
  const status = asRecord(rec?.status);
  const ready = asArray(status?.conditions)
    .map(asRecord)
    .find(c => c?.type === 'Ready');
  return {
    kind: 'ExternalSecret',
    namespace: m.namespace!,
    name: m.name ?? '',
    refreshInterval: asString(asRecord(rec?.spec)?.refreshInterval),
    ready: ready ? ready.status === 'True' : undefined,
    notReadyReason: asString(ready?.message) ?? asString(ready?.reason),
    lastSuccessAt: parseTime(status?.refreshTime),
  };
}

/**
 * Find what keeps a pull secret fresh: an External Secrets ExternalSecret
 * with an ECRAuthorizationToken generator that targets it; a CronJob whose
 * ServiceAccount may rewrite exactly that secret or that names it; a
 * known controller as last writer. Undefined means the secret is static.
 *
 * @public
 */
export function findRefresher(
  secret: unknown,
  objects: RefresherObjects,
): RefresherJob | undefined {
  const s = metaOf(secret);
  if (!s.name || !s.namespace) return undefined;
  const es = externalSecretFor(secret, objects);
  if (es) return es;
  const ref = { namespace: s.namespace, name: s.name };
  const candidates = (objects.cronJobs ?? [])
    .map(cj => cronJobCandidate(cj, ref, objects))
    .filter((c): c is NonNullable<typeof c> => c !== undefined)
    .sort((a, b) => b.score - a.score || a.job.name.localeCompare(b.job.name));
  if (candidates.length) return candidates[0].job;
  const writer = secretLastWrite(secret).writer;
  if (writer && /registry-creds/i.test(writer)) {
    return { kind: 'Controller', namespace: s.namespace, name: writer };
  }
  return undefined;
}

/** The summary stored in the status. @public */
export function summarizeRefresher(job: RefresherJob): RefresherSummary {
  const base = { kind: job.kind, namespace: job.namespace, name: job.name };
  if (job.kind === 'Controller') return base;
  const lastSuccessAt =
    job.lastSuccessAt !== undefined
      ? new Date(job.lastSuccessAt).toISOString()
      : undefined;
  if (job.kind === 'ExternalSecret') {
    const ms =
      job.refreshInterval === undefined
        ? 3600_000
        : parseGoDuration(job.refreshInterval);
    return {
      ...base,
      intervalSeconds: ms === undefined ? undefined : ms / 1000,
      lastSuccessAt,
    };
  }
  const interval = cronMaxInterval(job.schedule, job.timeZone);
  return {
    ...base,
    schedule: job.schedule,
    intervalSeconds: interval.ok ? interval.maxIntervalMs / 1000 : undefined,
    suspended: job.suspended,
    lastSuccessAt,
  };
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

function cronJobFindings(
  job: Extract<RefresherJob, { kind: 'CronJob' }>,
  now: Date,
): Finding[] {
  const subject = `CronJob ${job.namespace}/${job.name}`;
  const interval = cronMaxInterval(job.schedule, job.timeZone);
  const findings = intervalFindings(
    subject,
    interval.ok ? interval.maxIntervalMs : undefined,
    `${subject} (schedule "${job.schedule}")`,
    interval.ok ? '' : `${subject} has an unusable schedule: ${interval.error}`,
  );
  const age = (t: number) => Math.round((now.getTime() - t) / 3600_000);
  if (job.suspended) {
    findings.push(
      createFinding('REFRESHER_FAILING', subject, `${subject} is suspended`),
    );
  } else if (
    job.lastSuccessAt !== undefined &&
    now.getTime() - job.lastSuccessAt > ECR_TOKEN_LIFETIME_MS
  ) {
    findings.push(
      createFinding(
        'REFRESHER_FAILING',
        subject,
        `${subject} last succeeded ${age(job.lastSuccessAt)} h ago`,
      ),
    );
  } else if (
    job.lastSuccessAt === undefined &&
    (job.createdAt === undefined ||
      now.getTime() - job.createdAt > ECR_TOKEN_LIFETIME_MS)
  ) {
    findings.push(
      createFinding(
        'REFRESHER_FAILING',
        subject,
        `${subject} has no recorded successful run`,
      ),
    );
  }
  return findings;
}

/**
 * Findings about a refresher: failing or suspended, slower than the
 * 12-hour token life, or with a schedule that cannot be parsed.
 *
 * @public
 */
export function refresherFindings(job: RefresherJob, now: Date): Finding[] {
  if (job.kind === 'Controller') return [];
  if (job.kind === 'CronJob') return cronJobFindings(job, now);
  const subject = `ExternalSecret ${job.namespace}/${job.name}`;
  const text = job.refreshInterval ?? '1h'; // External Secrets' default
  const findings = intervalFindings(
    subject,
    parseGoDuration(text),
    `${subject} (refreshInterval ${text})`,
    `${subject} has an unusable refreshInterval "${text}"`,
  );
  if (job.ready === false) {
    findings.push(
      createFinding(
        'REFRESHER_FAILING',
        subject,
        `${subject} is not Ready${
          job.notReadyReason ? `: ${job.notReadyReason}` : ''
        }`,
      ),
    );
  }
  return findings;
}
