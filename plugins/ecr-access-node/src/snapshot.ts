/**
 * How a cluster's kubelets authenticate ECR pulls. Not visible through the
 * Kubernetes API (DESIGN.md), so each cluster's config declares it.
 *
 * @public
 */
export type ImagePullAuthMode = 'service-account-token' | 'node-role';

/** @public */
export interface FargateConfig {
  /** Namespaces of the Fargate profiles; all namespaces when absent. */
  namespaces?: string[];
  podExecutionRoleArns?: string[];
}

/** @public */
export interface ClusterConfig {
  name: string;
  accountId: string;
  region: string;
  partition?: string;
  /** OIDC issuer URL; without it IRSA trust cannot be checked. */
  oidcIssuer?: string;
  imagePullAuth: ImagePullAuthMode;
  /** Node instance roles; lets the engine say whether the node role can pull. */
  nodeRoleArns?: string[];
  fargate?: boolean | FargateConfig;
}

/**
 * A catalog entity's Kubernetes selector (the Kubernetes plugin's
 * `backstage.io/kubernetes-id`, `-label-selector` and `-namespace`).
 *
 * @public
 */
export interface EntitySelector {
  entityRef: string;
  kubernetesId?: string;
  labelSelector?: string;
  namespace?: string;
}

/** @public */
export interface PodIdentityAssociation {
  namespace: string;
  serviceAccount: string;
  roleArn: string;
}

/** Kinds the backend may have been forbidden (403) to list. @public */
export type SnapshotKind =
  | 'secrets'
  | 'serviceAccounts'
  | 'cronJobs'
  | 'roles'
  | 'roleBindings'
  | 'externalSecrets';

/**
 * Everything the classifier needs from one cluster: plain JSON items of
 * cluster-wide LISTs (never trusted for shape), the cluster's config, and
 * which kinds could not be read.
 *
 * @public
 */
export interface ClusterSnapshot {
  cluster: ClusterConfig;
  deployments?: unknown[];
  statefulSets?: unknown[];
  daemonSets?: unknown[];
  jobs?: unknown[];
  /** CronJobs are both workloads and refreshers. */
  cronJobs?: unknown[];
  serviceAccounts?: unknown[];
  /** Pull-secret metadata ({@link K8sSecretMetadata}), optionally with hosts. */
  secrets?: unknown[];
  roles?: unknown[];
  clusterRoles?: unknown[];
  roleBindings?: unknown[];
  clusterRoleBindings?: unknown[];
  externalSecrets?: unknown[];
  podIdentityAssociations?: PodIdentityAssociation[];
  /** Entities to map workloads and ServiceAccounts to. */
  entities?: EntitySelector[];
  /** Kinds whose LIST was forbidden; findings that need them degrade to unknown. */
  forbidden?: Partial<Record<SnapshotKind, boolean>>;
}
