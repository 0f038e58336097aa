import {
  createFinding,
  Finding,
  RefresherSummary,
} from '@ecr-access/plugin-ecr-access-common';
import { cronMaxInterval, parseGoDuration } from './cron';
import { ECR_TOKEN_LIFETIME_MS, secretLastWrite } from './dockerConfig';
import {
  asArray,
  asRecord,
  asString,
  inNamespace,
  metaOf,
  parseTime,
} from './k8sTypes';
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

/** Cluster objects searched for the job that refreshes an ECR pull secret. @public */
export interface RefresherObjects extends RbacObjects {
  /** CronJobs, as LISTed. */
  cronJobs?: unknown[];
  /** External Secrets Operator ExternalSecrets, as LISTed. */
  externalSecrets?: unknown[];
  /** Kinds whose LIST was forbidden. */
  forbidden?: { externalSecrets?: boolean };
}

function podSpecOfCronJob(cj: unknown): Record<string, unknown> | undefined {
  const spec = asRecord(asRecord(cj)?.spec);
  const jobSpec = asRecord(asRecord(spec?.jobTemplate)?.spec);
  return asRecord(asRecord(jobSpec?.template)?.spec);
}

/** What the refresher search needs of one CronJob, read once per list. */
interface CronJobEntry {
  namespace: string;
  name: string;
  serviceAccount: string;
  /** command, args and env values of every container. */
  texts: string[];
  job: Omit<Extract<RefresherJob, { kind: 'CronJob' }>, 'evidence'>;
}

const CRONJOB_ENTRIES = new WeakMap<unknown[], CronJobEntry[]>();

function cronJobEntry(cj: unknown): CronJobEntry | undefined {
  const m = metaOf(cj);
  if (!m.name || !m.namespace) return undefined;
  const podSpec = podSpecOfCronJob(cj);
  const containers = [
    ...asArray(podSpec?.containers),
    ...asArray(podSpec?.initContainers),
  ].map(asRecord);
  const texts = containers
    .flatMap(c => [
      ...asArray(c?.command),
      ...asArray(c?.args),
      ...asArray(c?.env).map(e => asRecord(e)?.value),
    ])
    .filter((t): t is string => typeof t === 'string');
  const spec = asRecord(asRecord(cj)?.spec);
  return {
    namespace: m.namespace,
    name: m.name,
    serviceAccount:
      asString(podSpec?.serviceAccountName) ??
      asString(podSpec?.serviceAccount) ??
      'default',
    texts,
    job: {
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
    },
  };
}

function cronJobEntries(list: unknown[] | undefined): CronJobEntry[] {
  if (!Array.isArray(list)) return [];
  let entries = CRONJOB_ENTRIES.get(list);
  if (!entries) {
    entries = list.map(cronJobEntry).filter((e): e is CronJobEntry => !!e);
    CRONJOB_ENTRIES.set(list, entries);
  }
  return entries;
}

/** Whether a text mentions the secret as a whole word (names are DNS subdomains). */
function wordMatcher(name: string): RegExp {
  const escaped = name.replace(/[.]/g, '\\.');
  return new RegExp(`(^|[^A-Za-z0-9._-])${escaped}($|[^A-Za-z0-9._-])`);
}

function cronJobCandidate(
  entry: CronJobEntry,
  secret: { namespace: string; name: string },
  word: RegExp,
  rbac: RbacObjects,
) {
  const sa = { namespace: entry.namespace, name: entry.serviceAccount };
  const access = secretWriteAccess(rbac, sa, secret);
  const names =
    entry.namespace === secret.namespace && entry.texts.some(t => word.test(t));
  // A broad "update any secret" grant alone does not make a job a refresher.
  if (access !== 'scoped' && !names) return undefined;
  const evidence: Array<'rbac-scoped' | 'rbac-broad' | 'names-secret'> = [];
  if (access !== 'none') {
    evidence.push(access === 'scoped' ? 'rbac-scoped' : 'rbac-broad');
  }
  if (names) evidence.push('names-secret');
  const rbacScore = { scoped: 2, broad: 0.5, none: 0 }[access];
  const job: RefresherJob = { ...entry.job, evidence };
  return { job, score: rbacScore + (names ? 1 : 0) };
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
  const es = inNamespace(objects.externalSecrets, s.namespace!).find(e => {
    const m = metaOf(e);
    if (!usesEcrGenerator(e)) return false;
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
  const word = wordMatcher(s.name);
  const candidates = cronJobEntries(objects.cronJobs)
    .map(entry => cronJobCandidate(entry, ref, word, objects))
    .filter((c): c is NonNullable<typeof c> => c !== undefined)
    .sort((a, b) => b.score - a.score || a.job.name.localeCompare(b.job.name));
  if (candidates.length) return candidates[0].job;
  return controllerRefresher(secret, s.namespace, objects);
}

/**
 * A controller named by the last write (`managedFields[].manager`):
 * registry-creds, or external-secrets when the ExternalSecrets themselves
 * could not be listed (CRD absent or forbidden) to check their generator.
 */
function controllerRefresher(
  secret: unknown,
  namespace: string,
  objects: RefresherObjects,
): RefresherJob | undefined {
  const writer = secretLastWrite(secret).writer;
  if (!writer) return undefined;
  const esUnlisted =
    !Array.isArray(objects.externalSecrets) ||
    asRecord(objects.forbidden)?.externalSecrets === true;
  if (
    /registry-creds/i.test(writer) ||
    (writer === 'external-secrets' && esUnlisted)
  ) {
    return { kind: 'Controller', namespace, name: writer };
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
