import { k8sTime } from '../time';
import { resourceTypeOfKind } from './resources';
import { managedEntry } from './store';
import { K8sMetadata, K8sObject } from './types';

/**
 * Pull secrets as the kubelet reads them: `kubernetes.io/dockerconfigjson`
 * with `auths.<registry host>` (or the legacy `kubernetes.io/dockercfg`), each
 * holding a fake ECR token that carries the sandbox's canary, so tests can
 * prove secret data never leaks.
 */
interface PullSecretSpec {
  namespace: string;
  name: string;
  type?:
    | 'kubernetes.io/dockerconfigjson'
    | 'kubernetes.io/dockercfg'
    | 'Opaque';
  registries: string[];
  canary: string;
  created: Date;
  /** The last write: what tells the token's age (managedFields[].time). */
  written: Date;
  manager: string;
  metadata?: Partial<K8sMetadata>;
}

/** Shaped like an ECR token (base64 of a JSON envelope), holding the canary. */
function fakeEcrToken(canary: string, registry: string): string {
  const payload = JSON.stringify({
    payload: canary,
    datakey: registry,
    version: '2',
    type: 'DATA_KEY',
  });
  return Buffer.from(payload).toString('base64');
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

function secretData(
  spec: Pick<PullSecretSpec, 'type' | 'registries' | 'canary'>,
): Record<string, string> {
  const auths: Record<string, unknown> = {};
  for (const registry of spec.registries) {
    const password = fakeEcrToken(spec.canary, registry);
    auths[registry] = {
      username: 'AWS',
      password,
      auth: base64(`AWS:${password}`),
    };
  }
  const type = spec.type ?? 'kubernetes.io/dockerconfigjson';
  if (type === 'kubernetes.io/dockerconfigjson') {
    return { '.dockerconfigjson': base64(JSON.stringify({ auths })) };
  }
  if (type === 'kubernetes.io/dockercfg') {
    return { '.dockercfg': base64(JSON.stringify(auths)) };
  }
  return { token: base64(spec.canary) };
}

/** The `data` of a pull secret for these registries, each with a fake token holding the canary. */
export function pullSecretData(
  type: NonNullable<PullSecretSpec['type']>,
  registries: string[],
  canary: string,
): Record<string, string> {
  return secretData({ type, registries, canary });
}

export function pullSecretObject(spec: PullSecretSpec): K8sObject {
  const object: K8sObject = {
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      creationTimestamp: k8sTime(spec.created),
      ...spec.metadata,
    },
    type: spec.type ?? 'kubernetes.io/dockerconfigjson',
    data: secretData(spec),
  };
  object.metadata.managedFields = [
    managedEntry(
      resourceTypeOfKind('Secret'),
      spec.manager,
      spec.written,
      object,
    ),
  ];
  return object;
}
