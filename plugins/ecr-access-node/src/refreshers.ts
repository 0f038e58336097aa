import { secretLastWrite } from './dockerConfig';
import {
  asArray,
  asRecord,
  asString,
  inNamespace,
  metaOf,
  parseTime,
} from './k8sJson';
import { controllerDefaultFor, controllerSkips } from './knownControllers';
import { mayWriteSecrets, RbacObjects, secretWriteAccess } from './rbac';
import { jobRun, JobRun, latestJobOf } from './refresherHealth';
import {
  RefresherKind,
  RefresherWorkload,
  refresherWorkload,
  secretMentionsIn,
} from './secretMentions';
import type { SecretMention, WorkloadSecretMentions } from './snapshot';

/**
 * Why a workload is taken for the refresher of a secret: how it may write it, and that it
 * names it (`names-secret`) or runs a known controller that writes it under its default name
 * (`controller-default`: registry-creds' `awsecr-cred`, `knownControllers.ts`).
 *
 * @public
 */
export type RefresherEvidence =
  | 'rbac-scoped'
  | 'rbac-broad'
  | 'names-secret'
  | 'controller-default';

/** What a CronJob, Job or Deployment refresher has in common. @public */
export interface WorkloadRefresherFacts {
  /** Namespace of the refresher. */
  namespace: string;
  /** Name of the refresher. */
  name: string;
  /** Its ServiceAccount may write the secret (scoped or broad) and it names it or writes it by default. */
  evidence: RefresherEvidence[];
  /** Where it names the secret (places, never values). */
  mentions?: SecretMention[];
  /** Creation time (ms): a refresher younger than the token life has no run to miss yet. */
  createdAt?: number;
  /**
   * The secret's last data write by its managedFields (absent when none says): a run that
   * succeeded well after it did not write this secret.
   */
  secretWrite?: { namespace: string; name: string; at: number; writer: string };
}

/**
 * What keeps a pull secret fresh, with the facts needed to judge it.
 *
 * @public
 */
export type RefresherJob =
  | (WorkloadRefresherFacts & {
      kind: 'CronJob';
      schedule?: string;
      timeZone?: string;
      suspended: boolean;
      lastSuccessAt?: number;
      /** The latest Job the CronJob started (by ownerReferences), when Jobs were listed. */
      lastRun?: JobRun;
    })
  | (WorkloadRefresherFacts & {
      kind: 'Job';
      /** The Job's own run: a Job that completed runs no more. */
      run: JobRun;
    })
  | (WorkloadRefresherFacts & {
      kind: 'Deployment';
      replicas?: number;
      /** Undefined when the Deployment reports no status. */
      availableReplicas?: number;
    })
  | {
      kind: 'ExternalSecret';
      namespace: string;
      name: string;
      refreshInterval?: string;
      ready?: boolean;
      notReadyReason?: string;
      lastSuccessAt?: number;
      /**
       * The ClusterGenerator it draws from, when it names no ECRAuthorizationToken itself: the
       * plugin does not read ClusterGenerators, so whether that one makes ECR tokens is unknown.
       */
      unreadClusterGenerator?: string;
    }
  | { kind: 'Controller'; namespace: string; name: string };

/** Cluster objects searched for the job that refreshes an ECR pull secret. @public */
export interface RefresherObjects extends RbacObjects {
  /** CronJobs, as LISTed. */
  cronJobs?: unknown[];
  /** Jobs, as LISTed: standalone refreshers, and the runs of CronJobs. */
  jobs?: unknown[];
  /** Deployments, as LISTed (registry-creds-style controllers). */
  deployments?: unknown[];
  /** External Secrets Operator ExternalSecrets, as LISTed. */
  externalSecrets?: unknown[];
  /** Names found by the collector in env values and ConfigMaps it did not keep. */
  secretMentions?: WorkloadSecretMentions[];
  /** Kinds whose LIST was forbidden. */
  forbidden?: { externalSecrets?: boolean };
}

/** A workload whose ServiceAccount may write some secret: a possible refresher. */
interface Candidate extends RefresherWorkload {
  kind: RefresherKind;
  /** Names the collector found in what it did not keep. */
  collected: SecretMention[];
  facts: (secret: { namespace: string; name: string }) => RefresherJob;
}

function factsOf(
  kind: RefresherKind,
  object: unknown,
  objects: RefresherObjects,
): Candidate['facts'] {
  const m = metaOf(object);
  const spec = asRecord(asRecord(object)?.spec);
  const status = asRecord(asRecord(object)?.status);
  const base = {
    namespace: m.namespace!,
    name: m.name!,
    createdAt: parseTime(m.raw.creationTimestamp),
  };
  if (kind === 'CronJob') {
    const cronJob = {
      ...base,
      kind,
      schedule: typeof spec?.schedule === 'string' ? spec.schedule : undefined,
      timeZone: asString(spec?.timeZone),
      suspended: spec?.suspend === true,
      lastSuccessAt: parseTime(status?.lastSuccessfulTime),
      lastRun: latestJobOf(object, objects.jobs),
    };
    return () => ({ ...cronJob, evidence: [] });
  }
  if (kind === 'Job') {
    const run = jobRun(object);
    return () => ({ ...base, kind, run, evidence: [] });
  }
  const replicas = typeof spec?.replicas === 'number' ? spec.replicas : 1;
  const available = status ? Number(status.availableReplicas ?? 0) : undefined;
  return () => ({
    ...base,
    kind,
    replicas,
    availableReplicas: available,
    evidence: [],
  });
}

function mentionIndex(
  list: WorkloadSecretMentions[] | undefined,
): Map<string, SecretMention[]> {
  const index = new Map<string, SecretMention[]>();
  for (const entry of asArray(list).map(asRecord)) {
    const key = `${entry?.kind}/${entry?.namespace}/${entry?.name}`;
    // The collector writes these, but the engine reads its input as untrusted: a mention
    // that is not an object with a secret name is no evidence and is dropped.
    const mentions = asArray(entry?.mentions).filter(
      (m): m is SecretMention => typeof asRecord(m)?.secret === 'string',
    );
    index.set(key, [...(index.get(key) ?? []), ...mentions]);
  }
  return index;
}

const SOURCES: Array<[RefresherKind, keyof RefresherObjects]> = [
  ['CronJob', 'cronJobs'],
  ['Job', 'jobs'],
  ['Deployment', 'deployments'],
];

const CANDIDATES = new WeakMap<
  RefresherObjects,
  { lists: unknown[]; candidates: Candidate[] }
>();

/**
 * Workloads whose ServiceAccount holds some secret-writing grant, built once
 * per set of objects (the engine treats its inputs as immutable; the lists
 * are compared so that a reused object with new lists is indexed again).
 * Jobs that a CronJob started are runs of that CronJob, not refreshers.
 */
function candidatesOf(objects: RefresherObjects): Candidate[] {
  const lists = [
    ...SOURCES.map(([, key]) => objects[key]),
    objects.roles,
    objects.roleBindings,
    objects.clusterRoles,
    objects.clusterRoleBindings,
    objects.secretMentions,
  ];
  const cached = CANDIDATES.get(objects);
  if (cached && cached.lists.every((l, i) => l === lists[i]))
    return cached.candidates;
  const collected = mentionIndex(objects.secretMentions);
  const candidates: Candidate[] = [];
  for (const [kind, key] of SOURCES) {
    for (const object of asArray(objects[key])) {
      const w = refresherWorkload(kind, object);
      if (!w) continue;
      const sa = { namespace: w.namespace, name: w.serviceAccount };
      if (!mayWriteSecrets(objects, sa)) continue;
      candidates.push({
        kind,
        ...w,
        collected: collected.get(`${kind}/${w.namespace}/${w.name}`) ?? [],
        facts: factsOf(kind, object, objects),
      });
    }
  }
  CANDIDATES.set(objects, { lists, candidates });
  return candidates;
}

const KIND_ORDER: Record<RefresherKind, number> = {
  CronJob: 0,
  Deployment: 1,
  Job: 2,
};

/**
 * Whether a candidate refreshes the secret: its ServiceAccount may write
 * it (DESIGN.md, "Refresher recognition") and it names it. A name alone is
 * no evidence (a job that cannot write the secret cannot refresh it), nor is
 * a broad "write any secret" grant alone.
 */
function refresherMatch(
  candidate: Candidate,
  secret: { namespace: string; name: string },
  objects: RefresherObjects,
) {
  const sa = { namespace: candidate.namespace, name: candidate.serviceAccount };
  const access = secretWriteAccess(objects, sa, secret);
  if (access === 'none') return undefined;
  if (controllerSkips(candidate.podSpec, secret.namespace)) return undefined;
  const mentions = [
    ...candidate.collected.filter(m => m.secret === secret.name),
    // Env values are still here when the caller is not the collector, which drops them (and
    // reads the ConfigMaps): a name built from what it dropped is the collector's to find.
    ...secretMentionsIn(candidate.podSpec, [secret.name], { withheld: true }),
  ].filter(
    (m, i, all) =>
      all.findIndex(
        o => o.source === m.source && o.configMap === m.configMap,
      ) === i,
  );
  const byDefault =
    mentions.length === 0 && controllerDefaultFor(candidate.podSpec, secret);
  if (mentions.length === 0 && !byDefault) return undefined;
  const evidence: RefresherEvidence[] = [
    access === 'scoped' ? 'rbac-scoped' : 'rbac-broad',
    byDefault ? 'controller-default' : 'names-secret',
  ];
  const job = {
    ...candidate.facts(secret),
    evidence,
    ...(mentions.length ? { mentions } : {}),
  } as RefresherJob;
  // Scoped grants first, then a workload of the secret's own namespace.
  const score =
    (access === 'scoped' ? 2 : 0) +
    (candidate.namespace === secret.namespace ? 1 : 0);
  return { job, score, candidate };
}

/**
 * How an ExternalSecret's generators make its data: `ecr` when one is an ECRAuthorizationToken;
 * else the name of a ClusterGenerator it draws from (a cluster-wide wrapper whose `spec.kind`
 * may be ECRAuthorizationToken or any other generator, unread here); else undefined.
 */
function ecrGeneratorOf(
  es: unknown,
): { ecr: true } | { clusterGenerator: string } | undefined {
  const refs = asArray(asRecord(asRecord(es)?.spec)?.dataFrom).map(d =>
    asRecord(asRecord(asRecord(d)?.sourceRef)?.generatorRef),
  );
  if (refs.some(r => r?.kind === 'ECRAuthorizationToken')) return { ecr: true };
  const wrapper = refs.find(r => r?.kind === 'ClusterGenerator');
  return wrapper
    ? { clusterGenerator: asString(wrapper.name) ?? '' }
    : undefined;
}

/**
 * Whether the ExternalSecret rewrites its Secret over time. ESO's `refreshPolicy` (v0.10+):
 * `CreatedOnce` "Never update[s] the Kind=Secret afterwards", `OnChange` syncs only when the
 * ExternalSecret itself changes; only `Periodic`, the default, refreshes on its interval.
 */
function rewritesPeriodically(es: unknown): boolean {
  const policy = asString(asRecord(asRecord(es)?.spec)?.refreshPolicy);
  return policy === undefined || policy === 'Periodic';
}

function targets(es: unknown, secret: ReturnType<typeof metaOf>): boolean {
  const m = metaOf(es);
  const target =
    asString(asRecord(asRecord(asRecord(es)?.spec)?.target)?.name) ?? m.name;
  return (
    target === secret.name ||
    asArray(secret.raw.ownerReferences)
      .map(asRecord)
      .some(o => o?.kind === 'ExternalSecret' && o.name === m.name)
  );
}

function externalSecretFor(
  secret: unknown,
  objects: RefresherObjects,
): RefresherJob | undefined {
  const s = metaOf(secret);
  const mine = inNamespace(objects.externalSecrets, s.namespace!).filter(
    e => ecrGeneratorOf(e) !== undefined && targets(e, s),
  );
  const es = mine.find(e => 'ecr' in (ecrGeneratorOf(e) ?? {})) ?? mine[0];
  // A one-time sync is no refresher: the secret is static, and its token's expiry applies.
  if (!es || !rewritesPeriodically(es)) return undefined;
  const m = metaOf(es);
  const rec = asRecord(es);
  const status = asRecord(rec?.status);
  const ready = asArray(status?.conditions)
    .map(asRecord)
    .find(c => c?.type === 'Ready');
  const generator = ecrGeneratorOf(es);
  return {
    kind: 'ExternalSecret',
    namespace: m.namespace!,
    name: m.name ?? '',
    refreshInterval: asString(asRecord(rec?.spec)?.refreshInterval),
    ready: ready ? ready.status === 'True' : undefined,
    notReadyReason: asString(ready?.message) ?? asString(ready?.reason),
    lastSuccessAt: parseTime(status?.refreshTime),
    ...(generator && 'clusterGenerator' in generator
      ? { unreadClusterGenerator: generator.clusterGenerator }
      : {}),
  };
}

/**
 * Find what keeps a pull secret fresh: an External Secrets ExternalSecret
 * with an ECRAuthorizationToken generator that targets it; a CronJob, Job
 * or Deployment whose ServiceAccount may write the secret and that names it
 * (command, args, env, or a ConfigMap the collector read; literally or built
 * from variables, `builtSecretNames.ts`) or runs a known controller that
 * writes it by default (`knownControllers.ts`); a known controller as last
 * writer when no such workload is seen. Undefined means the secret is static.
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
  const matches = candidatesOf(objects)
    .map(c => refresherMatch(c, ref, objects))
    .filter((c): c is NonNullable<typeof c> => c !== undefined)
    .sort(
      (a, b) =>
        b.score - a.score ||
        KIND_ORDER[a.candidate.kind] - KIND_ORDER[b.candidate.kind] ||
        a.job.name.localeCompare(b.job.name),
    );
  if (matches.length) return withSecretWrite(matches[0].job, secret, ref);
  return controllerRefresher(secret, s.namespace, objects);
}

/**
 * A workload refresher with the secret's last data write beside it. Only a managedFields
 * entry is taken: the creationTimestamp fallback says when the secret was made, not when its
 * data was last written.
 */
function withSecretWrite(
  job: RefresherJob,
  secret: unknown,
  ref: { namespace: string; name: string },
): RefresherJob {
  const { at, writer } = secretLastWrite(secret);
  if (at === undefined || writer === undefined) return job;
  return { ...job, secretWrite: { ...ref, at, writer } } as RefresherJob;
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
