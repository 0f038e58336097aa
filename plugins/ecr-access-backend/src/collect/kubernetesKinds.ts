import type { ClusterSnapshot } from '@ecr-access/plugin-ecr-access-node';

/** The arrays of a {@link ClusterSnapshot} that are filled from cluster-wide LISTs. */
export type ListedSnapshotKey = Exclude<
  keyof ClusterSnapshot,
  | 'cluster'
  | 'entities'
  | 'forbidden'
  | 'fargateProfiles'
  | 'fargateProfilesUnread'
  | 'nodeGroups'
  | 'nodeInstanceProfiles'
  | 'nodeInstanceProfilesUnread'
  | 'podIdentityAssociations'
  | 'secretMentions'
>;

/** One kind the audit lists, cluster-wide, once per audit. */
export interface ListedKind {
  key: ListedSnapshotKey;
  /** The cluster-wide collection path, e.g. `/apis/apps/v1/deployments`. */
  path: string;
  fieldSelector?: string;
  /** Set for an on-demand refresh of one entity: its workloads alone. */
  labelSelector?: string;
  /**
   * Ask for `PartialObjectMetadataList`: the API server then returns metadata only. Used for
   * Secrets so that no token ever reaches the plugin, and so the RBAC it needs can be `list`
   * on secrets without the plugin ever holding secret data in memory. With
   * `ecrAccess.kubernetes.readPullSecretHosts`, pull secrets are read whole instead and reduced
   * on arrival to their registry hosts (`pullSecretHosts.ts`).
   */
  metadataOnly?: boolean;
  /** A CRD that may not be installed: 404 means "none", not an error. */
  optional?: boolean;
  /** Listed on clusters declared `imagePullAuth: service-account-token` only. */
  tokenPullsOnly?: boolean;
  /** Cluster-scoped: an on-demand refresh lists it cluster-wide, never per namespace. */
  clusterScoped?: boolean;
  /**
   * An older version of the same API, listed only when `path` answers 404 on its first page:
   * a CRD whose operator predates the version in `path`. Never both, so nothing is counted
   * twice; on a cluster without the CRD it costs one more request (two 404s).
   */
  fallbackPath?: string;
}

/**
 * What the audit reads from each cluster: a fixed number of LISTs, however many entities the
 * catalog holds (DESIGN.md, "Data flow of an audit").
 */
export const LISTED_KINDS: readonly ListedKind[] = [
  { key: 'deployments', path: '/apis/apps/v1/deployments' },
  { key: 'statefulSets', path: '/apis/apps/v1/statefulsets' },
  { key: 'daemonSets', path: '/apis/apps/v1/daemonsets' },
  { key: 'cronJobs', path: '/apis/batch/v1/cronjobs' },
  { key: 'jobs', path: '/apis/batch/v1/jobs' },
  {
    // Argo Rollouts' CRD (rollouts.argoproj.io): its pods pull like a Deployment's. Where it is
    // not installed the path answers 404, which means none.
    key: 'rollouts',
    path: '/apis/argoproj.io/v1alpha1/rollouts',
    optional: true,
  },
  { key: 'serviceAccounts', path: '/api/v1/serviceaccounts' },
  {
    key: 'secrets',
    path: '/api/v1/secrets',
    // Only pull secrets matter; the field selector keeps the list small on busy clusters.
    fieldSelector: 'type=kubernetes.io/dockerconfigjson',
    metadataOnly: true,
  },
  {
    // The legacy pull-secret type, which the kubelet still reads.
    key: 'secrets',
    path: '/api/v1/secrets',
    fieldSelector: 'type=kubernetes.io/dockercfg',
    metadataOnly: true,
  },
  { key: 'roles', path: '/apis/rbac.authorization.k8s.io/v1/roles' },
  {
    key: 'roleBindings',
    path: '/apis/rbac.authorization.k8s.io/v1/rolebindings',
  },
  // Cluster-wide RBAC widens who may rewrite a pull secret (a RoleBinding to a ClusterRole,
  // k8s-ecr-login-renew's ClusterRoleBinding): when it cannot be read, a secret without a
  // refresher found is unknown, not static. 404 (no such API) means none.
  {
    key: 'clusterRoles',
    path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    optional: true,
  },
  {
    key: 'clusterRoleBindings',
    path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    optional: true,
  },
  {
    // The credential provider's preflight (KEP-4412 needs kubelet 1.34+ on every node) where
    // the cluster pulls with service-account tokens, and on every cluster the nodes in no
    // managed node group, whose roles come from their instance profiles.
    key: 'nodes',
    path: '/api/v1/nodes',
    clusterScoped: true,
  },
  {
    // External Secrets Operator v0.17 "Stops serving v1beta1 apis" (its release notes); older
    // operators serve v1beta1 alone: v1 first, v1beta1 only when v1 answers 404.
    key: 'externalSecrets',
    path: '/apis/external-secrets.io/v1/externalsecrets',
    fallbackPath: '/apis/external-secrets.io/v1beta1/externalsecrets',
    optional: true,
  },
];
