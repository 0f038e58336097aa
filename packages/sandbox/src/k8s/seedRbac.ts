import { ScenarioCluster } from '../scenario/schema';
import type { Add } from './seed';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * The default user-facing ClusterRoles every cluster has (kube-apiserver's
 * bootstrap policy), reduced to what matters here: who may write Secrets.
 */
const DEFAULT_CLUSTER_ROLES = [
  {
    name: 'cluster-admin',
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  },
  {
    name: 'admin',
    rules: [
      {
        apiGroups: [''],
        resources: ['secrets', 'serviceaccounts', 'pods'],
        verbs: ['*'],
      },
    ],
  },
  {
    name: 'edit',
    rules: [
      {
        apiGroups: [''],
        resources: ['secrets', 'serviceaccounts', 'pods'],
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      },
    ],
  },
  // `view` deliberately excludes Secrets (RBAC docs, user-facing roles).
  {
    name: 'view',
    rules: [
      {
        apiGroups: ['', 'apps', 'batch'],
        resources: [
          'pods',
          'serviceaccounts',
          'deployments',
          'statefulsets',
          'daemonsets',
          'cronjobs',
          'jobs',
        ],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  },
];

type Subject = ScenarioCluster['roleBindings'][number]['subjects'][number];

function subjectObject(subject: Subject, namespace?: string) {
  return subject.kind === 'ServiceAccount'
    ? { ...subject, namespace: subject.namespace ?? namespace }
    : { apiGroup: RBAC_GROUP, ...subject };
}

/**
 * What a cluster admin applies to turn on service-account-token pulls (Kubernetes "Kubelet
 * image credential provider" docs): nodes may request tokens for sts.amazonaws.com.
 */
function seedAudienceRbac(add: Add): void {
  const name = 'kubelet-credential-provider-audiences';
  add('ClusterRole', {
    metadata: { name },
    rules: [
      {
        verbs: ['request-serviceaccounts-token-audience'],
        apiGroups: [''],
        resources: ['sts.amazonaws.com'],
      },
    ],
  });
  add('ClusterRoleBinding', {
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
    subjects: [{ apiGroup: RBAC_GROUP, kind: 'Group', name: 'system:nodes' }],
  });
}

/** Roles, RoleBindings, the default ClusterRoles and the scenario's own. */
export function seedRbac(spec: ScenarioCluster, add: Add): void {
  for (const role of spec.roles) {
    add('Role', {
      metadata: { name: role.name, namespace: role.namespace },
      rules: role.rules,
    });
  }
  for (const binding of spec.roleBindings) {
    add('RoleBinding', {
      metadata: { name: binding.name, namespace: binding.namespace },
      roleRef: { apiGroup: RBAC_GROUP, ...binding.roleRef },
      subjects: binding.subjects.map(s => subjectObject(s, binding.namespace)),
    });
  }
  const declared = new Set(spec.clusterRoles.map(r => r.name));
  const defaults = DEFAULT_CLUSTER_ROLES.filter(r => !declared.has(r.name));
  for (const role of [...defaults, ...spec.clusterRoles]) {
    add('ClusterRole', {
      metadata: {
        name: role.name,
        labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      },
      rules: role.rules,
    });
  }
  if (
    spec.credentialProviderRbac ??
    spec.imagePullAuth === 'service-account-token'
  ) {
    seedAudienceRbac(add);
  }
  for (const binding of spec.clusterRoleBindings) {
    add('ClusterRoleBinding', {
      metadata: { name: binding.name },
      roleRef: { apiGroup: RBAC_GROUP, ...binding.roleRef },
      subjects: binding.subjects.map(s => subjectObject(s)),
    });
  }
}
