import { asArray, asRecord, asString, metaOf, parseTime } from './k8sJson';
import { ImageRef } from './imageRef';
import { wildcardMatch } from './wildcard';

/** An ECR token is valid for 12 hours (ECR GetAuthorizationToken). */
export const ECR_TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** Result of {@link parseDockerConfigHosts}: the registry hosts, or why the config is invalid. @public */
export type DockerConfigHostsResult =
  | { ok: true; hosts: string[] }
  | { ok: false; error: string };

/**
 * The registry keys of a `.dockerconfigjson` (`{"auths": {...}}`) or legacy
 * `.dockercfg` (keys at the top level). Accepts the JSON text or an object.
 *
 * @public
 */
export function parseDockerConfigHosts(
  config: unknown,
): DockerConfigHostsResult {
  let parsed: unknown = config;
  if (typeof config === 'string') {
    try {
      parsed = JSON.parse(config);
    } catch (e) {
      return {
        ok: false,
        error: `.dockerconfigjson is not JSON (${(e as Error).message})`,
      };
    }
  }
  const root = asRecord(parsed);
  if (!root)
    return { ok: false, error: '.dockerconfigjson is not a JSON object' };
  const auths = root.auths === undefined ? root : asRecord(root.auths);
  if (!auths)
    return { ok: false, error: '.dockerconfigjson "auths" is not an object' };
  return { ok: true, hosts: Object.keys(auths) };
}

interface CredentialKey {
  hostParts: string[];
  port: string;
  path: string;
}

/**
 * Normalise a keyring key the way the kubelet does (pkg/credentialprovider
 * keyring.go `Add`): add https:// when there is no scheme, drop a /v1/ or
 * /v2/ API prefix, keep host and path.
 */
function parseCredentialKey(key: string): CredentialKey | undefined {
  const withScheme = /^https?:\/\//i.test(key) ? key : `https://${key}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  let path = url.pathname;
  if (path.startsWith('/v1/') || path.startsWith('/v2/')) path = path.slice(3);
  path = path.replace(/\/+$/, '');
  // Docker Hub's legacy key https://index.docker.io/v1/ means docker.io.
  const host =
    url.hostname === 'index.docker.io' ||
    url.hostname === 'registry-1.docker.io'
      ? 'docker.io'
      : url.hostname;
  return { hostParts: host.toLowerCase().split('.'), port: url.port, path };
}

/**
 * Whether a pull-secret key applies to an image, as the kubelet's
 * `URLsMatch`: same port, same number of host labels each matching the key's
 * glob, and the key's path a prefix of the image's repository path.
 *
 * @public
 */
export function secretHostMatchesImage(key: string, image: ImageRef): boolean {
  const k = parseCredentialKey(key);
  const target = parseCredentialKey(`${image.registry}/${image.repository}`);
  if (!k || !target) return false;
  if (k.port !== target.port) return false;
  if (k.hostParts.length !== target.hostParts.length) return false;
  // Each label as the kubelet's filepath.Match (`*`, `?`) by the engine's wildcard matcher: its
  // IAM extras (policy-variable sentinels, newlines) cannot occur in a URL's ASCII host label.
  if (!k.hostParts.every((g, i) => wildcardMatch(g, target.hostParts[i])))
    return false;
  return target.path.startsWith(k.path);
}

/**
 * Whether a managedFields entry owns a key of the secret's data: `f:data`, or `f:stringData`,
 * which the API server folds into data but records as written by a server-side apply. Only
 * such an entry dates the token: an entry's time moves on any change by its manager, so a
 * metadata-only write (`kubectl label`, Argo CD's tracking annotation, Helm adoption) would
 * make an expired token look fresh.
 */
function writesData(entry: Record<string, unknown>): boolean {
  if (entry.fieldsType !== 'FieldsV1') return false;
  const fields = asRecord(entry.fieldsV1);
  return ['f:data', 'f:stringData'].some(owned =>
    Object.keys(asRecord(fields?.[owned]) ?? {}).some(k => k.startsWith('f:')),
  );
}

/**
 * When a pull secret's data was last written and who wrote it: the newest
 * `managedFields[]` entry that owns the data (its time and manager), else
 * `creationTimestamp` with no writer (no entry says: managedFields absent or
 * stripped, or in another format), the earliest the token can have been
 * written, so an unknown age is never taken for a fresh one. The plugin reads
 * secret metadata only, never the data.
 */
export function secretLastWrite(secret: unknown): {
  at?: number;
  writer?: string;
} {
  const { raw } = metaOf(secret);
  let best: { at?: number; writer?: string } = {};
  for (const entry of asArray(raw.managedFields)) {
    const rec = asRecord(entry);
    const at = parseTime(rec?.time);
    if (!rec || at === undefined || !writesData(rec)) continue;
    if (best.at === undefined || at > best.at) {
      best = { at, writer: asString(rec.manager) };
    }
  }
  if (best.at !== undefined) return best;
  return { at: parseTime(raw.creationTimestamp) };
}

/**
 * Age and expiry of the ECR token in a pull secret, from its last write.
 *
 * @public
 */
export function ecrTokenTimes(
  secret: unknown,
  now: Date,
): {
  lastWriteAt?: number;
  ageMs?: number;
  expiresAt?: number;
  writer?: string;
} {
  const { at, writer } = secretLastWrite(secret);
  if (at === undefined) return { writer };
  return {
    lastWriteAt: at,
    ageMs: now.getTime() - at,
    expiresAt: at + ECR_TOKEN_LIFETIME_MS,
    writer,
  };
}
