/**
 * The Kubernetes resource types the sandbox serves, with the group/version,
 * plural and scope the real API server uses for each (see `kubectl api-resources`).
 */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Served only on clusters where this CustomResourceDefinition is installed. */
  crd?: 'external-secrets' | 'external-secrets-v1beta1' | 'argo-rollouts';
}

function type(
  groupVersion: string,
  plural: string,
  kind: string,
  scope: 'Namespaced' | 'Cluster',
  extra: Partial<ResourceType> = {},
): ResourceType {
  const [group, version] = groupVersion.includes('/')
    ? groupVersion.split('/')
    : ['', groupVersion];
  return {
    group,
    version,
    plural,
    kind,
    namespaced: scope === 'Namespaced',
    shortNames: [],
    ...extra,
  };
}

const RBAC = 'rbac.authorization.k8s.io/v1';

export const RESOURCE_TYPES: ResourceType[] = [
  type('v1', 'namespaces', 'Namespace', 'Cluster', { shortNames: ['ns'] }),
  type('v1', 'nodes', 'Node', 'Cluster', { shortNames: ['no'] }),
  type('v1', 'serviceaccounts', 'ServiceAccount', 'Namespaced', {
    shortNames: ['sa'],
  }),
  type('v1', 'secrets', 'Secret', 'Namespaced'),
  type('v1', 'configmaps', 'ConfigMap', 'Namespaced', { shortNames: ['cm'] }),
  type('v1', 'pods', 'Pod', 'Namespaced', { shortNames: ['po'] }),
  type('apps/v1', 'deployments', 'Deployment', 'Namespaced', {
    shortNames: ['deploy'],
  }),
  type('apps/v1', 'statefulsets', 'StatefulSet', 'Namespaced', {
    shortNames: ['sts'],
  }),
  type('apps/v1', 'daemonsets', 'DaemonSet', 'Namespaced', {
    shortNames: ['ds'],
  }),
  type('batch/v1', 'cronjobs', 'CronJob', 'Namespaced', {
    shortNames: ['cj'],
  }),
  type('batch/v1', 'jobs', 'Job', 'Namespaced'),
  // Argo Rollouts' CRD (rollouts.argoproj.io), served where a scenario's manifests hold one.
  type('argoproj.io/v1alpha1', 'rollouts', 'Rollout', 'Namespaced', {
    shortNames: ['ro'],
    crd: 'argo-rollouts',
  }),
  type(RBAC, 'roles', 'Role', 'Namespaced'),
  type(RBAC, 'rolebindings', 'RoleBinding', 'Namespaced'),
  type(RBAC, 'clusterroles', 'ClusterRole', 'Cluster'),
  type(RBAC, 'clusterrolebindings', 'ClusterRoleBinding', 'Cluster'),
  // External Secrets Operator serves its CRD at v1 and, deprecated, v1beta1.
  type(
    'external-secrets.io/v1',
    'externalsecrets',
    'ExternalSecret',
    'Namespaced',
    {
      shortNames: ['es'],
      crd: 'external-secrets',
    },
  ),
  type(
    'external-secrets.io/v1beta1',
    'externalsecrets',
    'ExternalSecret',
    'Namespaced',
    {
      shortNames: ['es'],
      crd: 'external-secrets-v1beta1',
    },
  ),
];

export function apiVersionOf(resource: ResourceType): string {
  return resource.group
    ? `${resource.group}/${resource.version}`
    : resource.version;
}

export function findResourceType(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    t => t.group === group && t.version === version && t.plural === plural,
  );
}

/** The first (preferred) version of a kind. */
export function resourceTypeOfKind(kind: string): ResourceType {
  const found = RESOURCE_TYPES.find(t => t.kind === kind);
  if (!found) {
    throw new Error(`No resource type for kind ${kind}`);
  }
  return found;
}

/** The `<plural>.<group>` name the API server uses in messages, e.g. `deployments.apps`. */
export function qualifiedResource(resource: ResourceType): string {
  return resource.group
    ? `${resource.plural}.${resource.group}`
    : resource.plural;
}
