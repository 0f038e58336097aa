import { apiVersionOf, RESOURCE_TYPES, ResourceType } from './resources';

/**
 * The legacy discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`,
 * `/version`) that kubectl reads before `get`. Aggregated discovery (v2) is
 * not offered: kubectl falls back to these when the server ignores the
 * `as=APIGroupDiscoveryList` Accept parameter.
 */
const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update'];

function groupVersions(types: ResourceType[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const type of types) {
    if (!type.group) continue;
    const versions = groups.get(type.group) ?? [];
    if (!versions.includes(type.version)) versions.push(type.version);
    groups.set(type.group, versions);
  }
  return groups;
}

export function discoveryDocument(
  path: string,
  version: string,
  serves: (type: ResourceType) => boolean = () => true,
): unknown | undefined {
  const types = RESOURCE_TYPES.filter(serves);
  if (path === '/version') {
    const [major, minor] = version.split('.');
    return {
      major,
      minor,
      gitVersion: `v${major}.${minor}.0-eks-sandbox`,
      platform: 'linux/amd64',
    };
  }
  if (path === '/api') {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [],
    };
  }
  if (path === '/apis') {
    const groups = [...groupVersions(types)].map(([name, versions]) => ({
      name,
      versions: versions.map(v => ({
        groupVersion: `${name}/${v}`,
        version: v,
      })),
      preferredVersion: {
        groupVersion: `${name}/${versions[0]}`,
        version: versions[0],
      },
    }));
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  const match = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!match) return undefined;
  const groupVersion = match[1] ?? `${match[2]}/${match[3]}`;
  const resources = types
    .filter(t => apiVersionOf(t) === groupVersion)
    .map(t => ({
      name: t.plural,
      singularName: t.kind.toLowerCase(),
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: VERBS,
      shortNames: t.shortNames.length ? t.shortNames : undefined,
    }));
  if (resources.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}
