import { parseDockerConfigHosts } from '@ecr-access/plugin-ecr-access-node';
import type { ListedKind } from './kubernetesKinds';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A Secret's metadata without `kubectl.kubernetes.io/last-applied-configuration`: `kubectl
 * apply` of a Secret (the classic refresher pipes `kubectl create --dry-run -o yaml` into it)
 * copies the whole manifest, data included, into that annotation.
 */
export function secretMetadata(metadata: unknown): unknown {
  const m = metadata as { annotations?: Record<string, unknown> } | null;
  if (!m?.annotations || !(LAST_APPLIED in m.annotations)) return metadata;
  const { [LAST_APPLIED]: _dropped, ...annotations } = m.annotations;
  return { ...m, annotations };
}

function decoded(data: unknown, key: string): string | undefined {
  const value = (data as Record<string, unknown> | null)?.[key];
  return typeof value === 'string'
    ? Buffer.from(value, 'base64').toString('utf8')
    : undefined;
}

/**
 * Reduces a pull secret read whole (`ecrAccess.kubernetes.readPullSecretHosts`) to its metadata
 * and the registry hosts of `.dockerconfigjson` (`auths` keys) or legacy `.dockercfg` (top-level
 * keys), so the engine can tell `SECRET_REGISTRY_MISMATCH`. The data is decoded and parsed here,
 * in memory, and dropped at once: the token, the password and `auth` reach no other code. A
 * config that cannot be parsed leaves `hosts` unset (unknown), as a metadata-only read would.
 */
export function pullSecretWithHosts(item: unknown, kind: ListedKind): unknown {
  const secret = item as { metadata?: unknown; data?: unknown } | null;
  const type = kind.fieldSelector?.replace(/^type=/, '');
  const text =
    type === 'kubernetes.io/dockercfg'
      ? decoded(secret?.data, '.dockercfg')
      : decoded(secret?.data, '.dockerconfigjson');
  const parsed = text === undefined ? undefined : parseDockerConfigHosts(text);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type,
    metadata: secretMetadata(secret?.metadata),
    ...(parsed?.ok ? { hosts: parsed.hosts } : {}),
  };
}
