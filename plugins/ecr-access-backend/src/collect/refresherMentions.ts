import {
  ClusterSnapshot,
  findSecretMentions,
  mayWriteSecrets,
  referencedConfigMaps,
  RefresherKind,
  refresherWorkload,
  secretWriteAccess,
  WorkloadSecretMentions,
} from '@ecr-access/plugin-ecr-access-node';
import type pLimit from 'p-limit';
import { KindForbiddenError } from './errors';
import { namespacedPath } from './namespacedPath';
import { getOne, KubernetesGet, ListOptions } from './listAll';

/** A workload as it arrived, env values included: held only until its mentions are found. */
export interface ArrivedWorkload {
  kind: RefresherKind;
  object: unknown;
}

/** The kinds that can refresh a pull secret, by the snapshot key they are listed under. */
export const REFRESHER_KINDS: Partial<
  Record<keyof ClusterSnapshot, RefresherKind>
> = { cronJobs: 'CronJob', jobs: 'Job', deployments: 'Deployment' };

interface Candidate {
  kind: RefresherKind;
  namespace: string;
  name: string;
  podSpec?: Record<string, unknown>;
  /** Names of the pull secrets its ServiceAccount may write. */
  writable: string[];
}

interface Meta {
  name?: string;
  namespace?: string;
  ownerReferences?: Array<{ kind?: string }>;
}

const metaOf = (o: unknown): Meta =>
  ((o as { metadata?: Meta } | null)?.metadata ?? {}) as Meta;

function candidatesOf(
  snapshot: ClusterSnapshot,
  arrived: ArrivedWorkload[],
): Candidate[] {
  // A fresh object: the engine indexes RBAC once per object it is given.
  const rbac = {
    roles: snapshot.roles,
    roleBindings: snapshot.roleBindings,
    clusterRoles: snapshot.clusterRoles,
    clusterRoleBindings: snapshot.clusterRoleBindings,
  };
  const secrets = (snapshot.secrets ?? []).flatMap(s => {
    const m = metaOf(s);
    return m.name && m.namespace
      ? [{ namespace: m.namespace, name: m.name }]
      : [];
  });
  const candidates: Candidate[] = [];
  for (const { kind, object } of arrived) {
    // The engine's own reading: a CronJob's Jobs are its runs, the CronJob is the candidate.
    const w = refresherWorkload(kind, object);
    if (!w) continue;
    const sa = { namespace: w.namespace, name: w.serviceAccount };
    if (!mayWriteSecrets(rbac, sa)) continue;
    const writable = [
      ...new Set(
        secrets
          .filter(s => secretWriteAccess(rbac, sa, s) !== 'none')
          .map(s => s.name),
      ),
    ];
    if (writable.length) {
      candidates.push({
        kind,
        namespace: w.namespace,
        name: w.name,
        podSpec: w.podSpec,
        writable,
      });
    }
  }
  return candidates;
}

export interface SecretMentionsResult {
  mentions: WorkloadSecretMentions[];
  /** ConfigMaps read (one GET each), for the request counts. */
  configMapsRead: number;
  /** Set when a ConfigMap GET answered 403. */
  configMapsForbidden: boolean;
  errors: string[];
}

/** The string values of one ConfigMap (`namespace/name`), read by one GET. */
async function configMapStrings(
  get: KubernetesGet,
  key: string,
  options: ListOptions,
): Promise<Record<string, string>> {
  const [namespace, name] = key.split('/');
  const path = namespacedPath('/api/v1/configmaps', namespace);
  const configMap = await getOne(
    get,
    `${path}/${encodeURIComponent(name)}`,
    { key: 'deployments', path },
    options,
  );
  const values = (configMap as { data?: Record<string, unknown> })?.data;
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    if (typeof v === 'string') strings[k] = v;
  }
  return strings;
}

/**
 * Finds which pull secrets the possible refreshers name (DESIGN.md, "Refresher recognition"),
 * while their env values are still in memory. A candidate is a CronJob, standalone Job or
 * Deployment whose ServiceAccount may write some pull secret (the engine's `rbac.ts` over the
 * RBAC already listed). Only the ConfigMaps those candidates load (`envFrom`,
 * `configMapKeyRef`) are read, one GET each, a few at a time through the audit's limit: a
 * namespace LIST would bring every ConfigMap's data (Helm values, dashboards, CA bundles) into
 * memory for the one or two that matter. Only names and places come out, and the registry a
 * refresher writes each secret for when its `--docker-server` expands, with these values, to
 * a private ECR host (an account id and a region; `refresherRegistries.ts` in -node): the
 * engine judges a secret whose hosts were not read by it. Env values and ConfigMap data are
 * dropped here, never stored, logged or returned.
 */
export async function readSecretMentions(
  snapshot: ClusterSnapshot,
  arrived: ArrivedWorkload[],
  get: KubernetesGet,
  limit: pLimit.Limit,
  options: ListOptions,
): Promise<SecretMentionsResult> {
  const result: SecretMentionsResult = {
    mentions: [],
    configMapsRead: 0,
    configMapsForbidden: false,
    errors: [],
  };
  const candidates = candidatesOf(snapshot, arrived);
  const wanted = new Set(
    candidates.flatMap(c =>
      referencedConfigMaps(c.podSpec).map(name => `${c.namespace}/${name}`),
    ),
  );
  const data = new Map<string, Record<string, string>>();
  await Promise.all(
    [...wanted].map(key =>
      limit(async () => {
        try {
          result.configMapsRead++;
          data.set(key, await configMapStrings(get, key, options));
        } catch (error) {
          if (error instanceof KindForbiddenError)
            result.configMapsForbidden = true;
          result.errors.push((error as Error).message);
        }
      }),
    ),
  );
  for (const c of candidates) {
    const mentions = findSecretMentions(c.podSpec, c.writable, name =>
      data.get(`${c.namespace}/${name}`),
    );
    if (mentions.length) {
      result.mentions.push({
        kind: c.kind,
        namespace: c.namespace,
        name: c.name,
        mentions,
      });
    }
  }
  data.clear();
  return result;
}
