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
 * A keyring key as the kubelet reads it (pkg/credentialprovider keyring.go `Add`, then
 * `ParseSchemelessURL` and `SplitURL`): `https://` added unless the key starts with `https://`
 * or `http://` (in lower case), a `/v1/` or `/v2/` API prefix dropped, and the rest as Go's
 * url.Parse leaves it: the host in the case written, its port kept even where it is the
 * scheme's default (`:443`), the path with its trailing slash. The WHATWG URL parser lower-cases
 * hosts and drops default ports, which made `host:443` keys match images of `host`, which the
 * kubelet never sends them for.
 */
function parseCredentialKey(key: string): CredentialKey | undefined {
  const value =
    key.startsWith('https://') || key.startsWith('http://')
      ? key
      : `https://${key}`;
  const m = /^https?:\/\/([^/?#]*)([^?#]*)/.exec(value);
  if (!m || m[1] === '') return undefined;
  const [, authority, rawPath] = m;
  let path = rawPath;
  if (path.startsWith('/v1/') || path.startsWith('/v2/')) path = path.slice(3);
  if (path === '/') path = '';
  // net.SplitHostPort: a port only after the last colon; without one, the whole is the host.
  const hostPort = /^(.*):(\d*)$/.exec(authority);
  const hostname = hostPort ? hostPort[1] : authority;
  const port = hostPort ? hostPort[2] : '';
  // Docker Hub's legacy key https://index.docker.io/v1/ means docker.io.
  const host =
    hostname === 'index.docker.io' || hostname === 'registry-1.docker.io'
      ? 'docker.io'
      : hostname;
  return { hostParts: host.split('.'), port, path };
}

/**
 * The registry host of a keyring key or `--docker-server` value (`https://<host>:443/v2/` →
 * `<host>:443`), for telling which registry it names; matching uses the key whole.
 *
 * @internal
 */
export function credentialKeyHost(key: string): string {
  return key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0];
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
