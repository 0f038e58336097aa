import { findResourceType, ResourceType } from './resources';

/** A request path of the Kubernetes API, decoded. */
type K8sRoute =
  | { kind: 'discovery'; path: string }
  | {
      kind: 'resource';
      type: ResourceType;
      namespace?: string;
      name?: string;
    }
  /** A resource the sandbox knows whose API this cluster does not serve (a CRD not installed). */
  | {
      kind: 'unserved';
      type: ResourceType;
      namespace?: string;
      name?: string;
    }
  | { kind: 'unknown' };

/**
 * Decodes the REST paths of the API server:
 * `/api/v1/<plural>`, `/api/v1/namespaces/<ns>/<plural>[/<name>]`,
 * `/apis/<group>/<version>/[namespaces/<ns>/]<plural>[/<name>]`, and the
 * cluster-scoped `/api/v1/namespaces[/<name>]`, `/api/v1/nodes[/<name>]`.
 */
export function parseRoute(
  pathname: string,
  serves: (type: ResourceType) => boolean = () => true,
): K8sRoute {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    [group, version, rest] = ['', parts[1], parts.slice(2)];
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  } else {
    return { kind: 'discovery', path: `/${parts.join('/')}` };
  }
  if (rest.length === 0) {
    return { kind: 'discovery', path: `/${parts.join('/')}` };
  }
  let namespace: string | undefined;
  // `/namespaces/<ns>/<plural>…` is a namespaced path; `/namespaces[/<name>]` is the Namespace kind itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length > 2) {
    return { kind: 'unknown' };
  }
  const type = findResourceType(group, version, rest[0]);
  if (!type || (namespace !== undefined && !type.namespaced)) {
    return { kind: 'unknown' };
  }
  if (!serves(type))
    return { kind: 'unserved', type, namespace, name: rest[1] };
  return { kind: 'resource', type, namespace, name: rest[1] };
}
