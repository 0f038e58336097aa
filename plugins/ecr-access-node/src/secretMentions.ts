import { asArray, asRecord, asString } from './k8sTypes';
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
  let spec = asRecord(asRecord(workload)?.spec);
  if (kind === 'CronJob') spec = asRecord(asRecord(spec?.jobTemplate)?.spec);
  return asRecord(asRecord(spec?.template)?.spec);
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
 * The pull secrets, among `secretNames`, that a pod names: in a container's
 * command or args, an env value, a `configMapKeyRef` or a ConfigMap loaded
 * with `envFrom` (seed 002 takes `DOCKER_SECRET_NAME: regcred` from one).
 * Secret-sourced variables are never looked at. Only names and places come
 * out; the texts searched stay with the caller.
 *
 * @public
 */
export function findSecretMentions(
  podSpec: unknown,
  secretNames: readonly string[],
  configMap: (name: string) => Record<string, string> | undefined = () =>
    undefined,
): SecretMention[] {
  if (secretNames.length === 0) return [];
  const found = new Map<string, SecretMention>();
  for (const container of containersOf(podSpec)) {
    for (const { text, source, configMap: cm } of textsOf(
      container,
      configMap,
    )) {
      if (typeof text !== 'string' || text === '') continue;
      for (const secret of secretNames) {
        const key = `${secret}\u0000${source}\u0000${cm ?? ''}`;
        if (found.has(key) || !namesSecret(text, secret)) continue;
        found.set(key, { secret, source, ...(cm ? { configMap: cm } : {}) });
      }
    }
  }
  return [...found.values()];
}
