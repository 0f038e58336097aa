import { buildsSecretName, VarValue } from './builtSecretNames';
import {
  DockerRegistryWrite,
  dockerRegistryWrites,
  registriesWritten,
} from './refresherRegistries';
import { asArray, asRecord, asString, podSpecOf } from './k8sJson';
import type { SecretMention, SecretMentionSource } from './snapshot';

/** Kinds that can refresh a pull secret (DESIGN.md, "Refresher recognition"). @public */
export type RefresherKind = 'CronJob' | 'Job' | 'Deployment';

/**
 * The pod spec of a CronJob (`spec.jobTemplate.spec.template.spec`), Job or
 * Deployment (`spec.template.spec`).
 *
 * @public
 */
export function refresherPodSpec(
  kind: RefresherKind,
  workload: unknown,
): Record<string, unknown> | undefined {
  return podSpecOf(kind, workload);
}

/** A workload that may refresh a pull secret: where it runs and as whom. @public */
export interface RefresherWorkload {
  /** Namespace of the workload. */
  namespace: string;
  /** Name of the workload. */
  name: string;
  /** Its pod spec. */
  podSpec?: Record<string, unknown>;
  /** The ServiceAccount its pods run as (`default` when unset). */
  serviceAccount: string;
}

/**
 * A CronJob, Job or Deployment as a possible refresher, the same for the engine and the
 * collector: undefined for an unnamed object, and for a Job a CronJob started (a run of that
 * CronJob, which is the refresher).
 *
 * @public
 */
export function refresherWorkload(
  kind: RefresherKind,
  workload: unknown,
): RefresherWorkload | undefined {
  const meta = asRecord(asRecord(workload)?.metadata);
  const namespace = asString(meta?.namespace);
  const name = asString(meta?.name);
  if (!namespace || !name) return undefined;
  const owners = asArray(meta?.ownerReferences).map(asRecord);
  if (kind === 'Job' && owners.some(o => o?.kind === 'CronJob')) {
    return undefined;
  }
  const podSpec = refresherPodSpec(kind, workload);
  const serviceAccount =
    asString(podSpec?.serviceAccountName) ??
    asString(podSpec?.serviceAccount) ??
    'default';
  return { namespace, name, podSpec, serviceAccount };
}

function containersOf(podSpec: unknown): Array<Record<string, unknown>> {
  const spec = asRecord(podSpec);
  return [...asArray(spec?.initContainers), ...asArray(spec?.containers)]
    .map(asRecord)
    .filter((c): c is Record<string, unknown> => c !== undefined);
}

/**
 * The ConfigMaps a pod loads into its containers' environment, through
 * `envFrom[].configMapRef` or `env[].valueFrom.configMapKeyRef`: the only
 * ConfigMaps the collector reads, and only for pull-secret names.
 *
 * @public
 */
export function referencedConfigMaps(podSpec: unknown): string[] {
  const names = containersOf(podSpec).flatMap(c => [
    ...asArray(c.envFrom).map(e =>
      asString(asRecord(asRecord(e)?.configMapRef)?.name),
    ),
    ...asArray(c.env).map(e =>
      asString(
        asRecord(asRecord(asRecord(e)?.valueFrom)?.configMapKeyRef)?.name,
      ),
    ),
  ]);
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

const MATCHERS = new Map<string, RegExp>();

/** Whether a text names the secret as a whole word (secret names are DNS subdomains). */
function namesSecret(text: string, secret: string): boolean {
  let re = MATCHERS.get(secret);
  if (!re) {
    const escaped = secret.replace(/[.]/g, '\\.');
    re = new RegExp(`(^|[^A-Za-z0-9._-])${escaped}($|[^A-Za-z0-9._-])`);
    if (MATCHERS.size > 10_000) MATCHERS.clear();
    MATCHERS.set(secret, re);
  }
  return re.test(text);
}

interface Text {
  text: unknown;
  source: SecretMentionSource;
  configMap?: string;
}

/** Every text of a container that may carry a secret's name, with where it sits. */
function textsOf(
  container: Record<string, unknown>,
  configMap: (name: string) => Record<string, string> | undefined,
): Text[] {
  const texts: Text[] = [
    ...asArray(container.command).map(text => ({
      text,
      source: 'command' as const,
    })),
    ...asArray(container.args).map(text => ({ text, source: 'args' as const })),
  ];
  for (const entry of asArray(container.env).map(asRecord)) {
    texts.push({ text: entry?.value, source: 'env' });
    const ref = asRecord(asRecord(entry?.valueFrom)?.configMapKeyRef);
    const name = asString(ref?.name);
    const key = asString(ref?.key);
    if (name && key) {
      const text = configMap(name)?.[key];
      texts.push({ text, source: 'configMapKeyRef', configMap: name });
    }
  }
  for (const entry of asArray(container.envFrom).map(asRecord)) {
    const name = asString(asRecord(entry?.configMapRef)?.name);
    if (!name) continue;
    for (const text of Object.values(configMap(name) ?? {})) {
      texts.push({ text, source: 'envFrom', configMap: name });
    }
  }
  return texts;
}

/**
 * What a container's variables hold, for names built from them
 * (`builtSecretNames.ts`): an env value; a `configMapKeyRef` or `envFrom`
 * ConfigMap's value when its data is at hand; otherwise unknown (a Secret
 * key, a field, the image's own environment). With `withheld`, env values
 * and ConfigMap data were dropped before this pass (the collector, which had
 * them, matched them): a variable they may set is withheld, not unknown.
 */
function variablesOf(
  container: Record<string, unknown>,
  configMap: (name: string) => Record<string, string> | undefined,
  withheld: boolean,
): (name: string) => VarValue {
  const env = new Map<string, Record<string, unknown> | undefined>();
  for (const entry of asArray(container.env).map(asRecord)) {
    const name = asString(entry?.name);
    if (name) env.set(name, entry);
  }
  const envFrom = asArray(container.envFrom).map(asRecord).reverse();
  return name => {
    if (env.has(name)) {
      const entry = env.get(name);
      const valueFrom = asRecord(entry?.valueFrom);
      const ref = asRecord(valueFrom?.configMapKeyRef);
      if (ref) {
        if (withheld) return 'withheld';
        const value = configMap(asString(ref.name) ?? '')?.[
          asString(ref.key) ?? ''
        ];
        return typeof value === 'string' ? { value } : 'unknown';
      }
      if (valueFrom) return 'unknown';
      const value = entry?.value;
      if (typeof value !== 'string')
        return withheld ? 'withheld' : { value: '' };
      // `$(OTHER)` in a value is expanded by the kubelet: not this text's value.
      return value.includes('$(') ? 'unknown' : { value };
    }
    // The last envFrom source that may hold the variable sets it.
    for (const source of envFrom) {
      const prefix = asString(source?.prefix) ?? '';
      if (!name.startsWith(prefix)) continue;
      if (source?.secretRef) return 'unknown';
      const cm = asString(asRecord(source?.configMapRef)?.name);
      if (!cm) continue;
      if (withheld) return 'withheld';
      const data = configMap(cm);
      if (!data) return 'unknown';
      const value = data[name.slice(prefix.length)];
      if (typeof value === 'string') return { value };
    }
    return 'unknown';
  };
}

/**
 * The scripts of a container: each command or args element (`sh -c <script>`), and the
 * elements joined when none spans lines (`kubectl create secret ...` as separate words).
 */
function scriptsOf(container: Record<string, unknown>): string[] {
  const words = [
    ...asArray(container.command),
    ...asArray(container.args),
  ].filter((w): w is string => typeof w === 'string');
  return words.some(w => w.includes('\n'))
    ? words
    : [...words, words.join(' ')];
}

/** Where to look, and what was dropped before (see `variablesOf`). */
interface MentionSearch {
  configMap?: (name: string) => Record<string, string> | undefined;
  withheld?: boolean;
}

/**
 * `findSecretMentions` for the engine's own pass: with `withheld`, env
 * values and ConfigMap data are known to have been dropped.
 */
export function secretMentionsIn(
  podSpec: unknown,
  secretNames: readonly string[],
  search: MentionSearch,
): SecretMention[] {
  if (secretNames.length === 0) return [];
  const configMap = search.configMap ?? (() => undefined);
  const found = new Map<string, SecretMention>();
  const writes: DockerRegistryWrite[] = [];
  for (const container of containersOf(podSpec)) {
    const variables = variablesOf(container, configMap, !!search.withheld);
    for (const script of scriptsOf(container))
      writes.push(...dockerRegistryWrites(script, variables));
    for (const { text, source, configMap: cm } of textsOf(
      container,
      configMap,
    )) {
      if (typeof text !== 'string' || text === '') continue;
      for (const secret of secretNames) {
        const key = `${secret}\u0000${source}\u0000${cm ?? ''}`;
        if (found.has(key)) continue;
        if (
          !namesSecret(text, secret) &&
          !buildsSecretName(text, secret, variables)
        )
          continue;
        found.set(key, { secret, source, ...(cm ? { configMap: cm } : {}) });
      }
    }
  }
  // The registry it writes each secret for, while the values are at hand (only ECR hosts).
  return [...found.values()].map(mention => {
    const registries = registriesWritten(writes, mention.secret);
    return registries ? { ...mention, registries } : mention;
  });
}

/**
 * The pull secrets, among `secretNames`, that a pod names: in a container's
 * command or args, an env value, a `configMapKeyRef` or a ConfigMap loaded
 * with `envFrom` (seed 002 takes `DOCKER_SECRET_NAME: regcred` from one),
 * literally or built from variables whose values are known, or around a
 * distinctive literal part (`${AWS_REGION}-ecr-registry-credentials`; see
 * `builtSecretNames.ts`). Secret-sourced variables are never looked at. Only
 * names, places and the private ECR hosts the pod writes each secret for
 * (`refresherRegistries.ts`) come out; the texts searched stay with the caller.
 *
 * @public
 */
export function findSecretMentions(
  podSpec: unknown,
  secretNames: readonly string[],
  configMap: (name: string) => Record<string, string> | undefined = () =>
    undefined,
): SecretMention[] {
  return secretMentionsIn(podSpec, secretNames, { configMap });
}
