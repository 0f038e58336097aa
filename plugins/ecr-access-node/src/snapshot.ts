/**
 * How a cluster's kubelets authenticate ECR pulls. Not visible through the
 * Kubernetes API (DESIGN.md), so each cluster's config declares it.
 *
 * @public
 */
export type ImagePullAuthMode = 'service-account-token' | 'node-role';

/**
 * A Fargate profile selector: a pod in a matching namespace with all its labels runs on
 * Fargate. `*` (any run of characters) and `?` (one character) are wildcards in the namespace,
 * the label keys and the label values.
 *
 * @public
 */
export interface FargateSelector {
  /** Namespace the selector matches. */
  namespace: string;
  /** Labels a pod must all carry to match. */
  labels?: Record<string, string>;
}

/**
 * An ACTIVE Fargate profile of the cluster (`eks:DescribeFargateProfile`).
 *
 * @public
 */
export interface FargateProfile {
  /** `fargateProfileName`: of several matching profiles, the first by name is used. */
  name: string;
  /** The pod execution role, which pulls the images of the profile's pods. */
  podExecutionRoleArn: string;
  /** The profile's selectors. */
  selectors: FargateSelector[];
}

/**
 * Fargate profiles of a cluster, whose pods pull with the pod execution role; used when the
 * profiles cannot be read from EKS. @public
 */
export interface FargateConfig {
  /** Selectors of the Fargate profiles (namespace and labels); take precedence over `namespaces`. */
  selectors?: FargateSelector[];
  /** Namespaces of the Fargate profiles; all namespaces when absent (and no `selectors`). */
  namespaces?: string[];
  /** Pod execution roles of the Fargate profiles, which pull the images. */
  podExecutionRoleArns?: string[];
}

/** Configuration of one EKS cluster to audit. @public */
export interface ClusterConfig {
  /** Cluster name, as in the Kubernetes plugin's config. */
  name: string;
  /** AWS account of the cluster. */
  accountId: string;
  /** AWS region of the cluster. */
  region: string;
  /** AWS partition (e.g. `aws`, `aws-cn`). */
  partition?: string;
  /** OIDC issuer URL; without it IRSA trust cannot be checked. */
  oidcIssuer?: string;
  /** How the kubelets authenticate ECR pulls. */
  imagePullAuth: ImagePullAuthMode;
  /** Node instance roles; lets the engine say whether the node role can pull. */
  nodeRoleArns?: string[];
  /** Whether pods run on Fargate: true for all namespaces, or the profiles. */
  fargate?: boolean | FargateConfig;
}

/**
 * A catalog entity's Kubernetes selector (the Kubernetes plugin's
 * `backstage.io/kubernetes-id`, `-label-selector` and `-namespace`).
 *
 * @public
 */
export interface EntitySelector {
  /** Ref of the catalog entity. */
  entityRef: string;
  /** Value of `backstage.io/kubernetes-id`. */
  kubernetesId?: string;
  /** Value of `backstage.io/kubernetes-label-selector`. */
  labelSelector?: string;
  /** Value of `backstage.io/kubernetes-namespace`. */
  namespace?: string;
}

/** An EKS Pod Identity association: a ServiceAccount bound to an IAM role. @public */
export interface PodIdentityAssociation {
  /** Namespace of the ServiceAccount. */
  namespace: string;
  /** Name of the ServiceAccount. */
  serviceAccount: string;
  /** ARN of the associated IAM role. */
  roleArn: string;
}

/**
 * An EKS managed node group (`eks:DescribeNodegroup`): the IAM role its nodes' kubelets pull
 * with.
 *
 * @public
 */
export interface NodeGroup {
  /** Name of the node group, as in the nodes' `eks.amazonaws.com/nodegroup` label. */
  name: string;
  /** `nodegroup.nodeRole`: the instance role of its nodes. */
  nodeRoleArn: string;
  /**
   * `nodegroup.labels`: the Kubernetes labels of its nodes; absent when not read (then any
   * label may match: the group is kept for every pod).
   */
  labels?: Record<string, string>;
  /** `nodegroup.taints`, effects as Kubernetes spells them (`NoSchedule`) or as EKS does. */
  taints?: Array<{ key: string; value?: string; effect: string }>;
}

/**
 * The instance profile of EC2 nodes in no EKS managed node group (self-managed node groups,
 * Karpenter): `ec2:DescribeInstances` on the instance IDs of the nodes' `spec.providerID`,
 * then `iam:GetInstanceProfile`.
 *
 * @public
 */
export interface NodeInstanceProfile {
  /** Name of the instance profile. */
  name: string;
  /** Its roles' ARNs (an instance profile holds one role). */
  roleArns: string[];
  /** Names of the nodes whose instances run with it. */
  nodes: string[];
}

/**
 * Nodes in no managed node group whose instance profile could not be read: their roles are
 * unknown, never "none".
 *
 * @public
 */
export interface UnreadNodeInstanceProfiles {
  /** Names of the nodes. */
  nodes: string[];
  /** Why, e.g. `ec2:DescribeInstances: UnauthorizedOperation`. */
  reason: string;
}

/**
 * Kinds the backend may have been forbidden (403) to list, or could not read (`nodeGroups`:
 * `eks:ListNodegroups` or `eks:DescribeNodegroup` failed). @public
 */
export type SnapshotKind =
  | 'nodes'
  | 'nodeGroups'
  | 'secrets'
  | 'serviceAccounts'
  | 'cronJobs'
  | 'roles'
  | 'roleBindings'
  | 'clusterRoles'
  | 'clusterRoleBindings'
  | 'externalSecrets'
  | 'configMaps';

/** Where a workload names a pull secret: the place, never the value. @public */
export type SecretMentionSource =
  | 'command'
  | 'args'
  | 'env'
  | 'configMapKeyRef'
  | 'envFrom';

/** A pull secret named by a workload's containers. @public */
export interface SecretMention {
  /** Name of the pull secret (in the namespace the workload may write it in). */
  secret: string;
  /** Where the name was found. */
  source: SecretMentionSource;
  /** The ConfigMap that holds the name, for `configMapKeyRef` and `envFrom`. */
  configMap?: string;
  /**
   * The ECR registry hosts the workload writes the secret for
   * (`kubectl create secret docker-registry <secret> --docker-server=<host>`, its variables
   * expanded with values known when the name was found); absent unless every such command's
   * host is a known ECR host.
   */
  registries?: string[];
}

/**
 * The pull secrets a possible refresher names, found by the collector while the workload's
 * env values and the ConfigMaps it loads were in memory. Only these names are kept: env
 * values and ConfigMap data never enter the snapshot (they commonly hold AWS keys).
 *
 * @public
 */
export interface WorkloadSecretMentions {
  /** Kind of the workload. */
  kind: 'CronJob' | 'Job' | 'Deployment';
  /** Namespace of the workload. */
  namespace: string;
  /** Name of the workload. */
  name: string;
  /** The pull secrets it names, and where. */
  mentions: SecretMention[];
}

/**
 * Everything the classifier needs from one cluster: plain JSON items of
 * cluster-wide LISTs (never trusted for shape), the cluster's config, and
 * which kinds could not be read.
 *
 * @public
 */
export interface ClusterSnapshot {
  /** The cluster's config. */
  cluster: ClusterConfig;
  /** Deployments, as LISTed. */
  deployments?: unknown[];
  /** StatefulSets, as LISTed. */
  statefulSets?: unknown[];
  /** DaemonSets, as LISTed. */
  daemonSets?: unknown[];
  /** Jobs, as LISTed. */
  jobs?: unknown[];
  /** CronJobs are both workloads and refreshers. */
  cronJobs?: unknown[];
  /**
   * Argo Rollouts (`argoproj.io/v1alpha1`), as LISTed where the CRD is installed: `spec.template`
   * is a PodTemplateSpec, or `spec.workloadRef` names the Deployment whose template is used.
   */
  rollouts?: unknown[];
  /** ServiceAccounts, as LISTed. */
  serviceAccounts?: unknown[];
  /**
   * Pull secrets' metadata and `type` (the backend lists metadata only), each optionally with
   * `hosts` (the registry hosts of its `.dockerconfigjson` `auths`) or `dockerConfigJson` (the
   * decoded document, when the caller had it instead of hosts).
   */
  secrets?: unknown[];
  /** Roles, as LISTed. */
  roles?: unknown[];
  /** ClusterRoles, as LISTed. */
  clusterRoles?: unknown[];
  /** RoleBindings, as LISTed. */
  roleBindings?: unknown[];
  /** ClusterRoleBindings, as LISTed. */
  clusterRoleBindings?: unknown[];
  /** External Secrets Operator ExternalSecrets, as LISTed. */
  externalSecrets?: unknown[];
  /**
   * Pull secrets named by workloads whose ServiceAccount may write pull secrets, from their
   * env values and referenced ConfigMaps (which the snapshot does not hold).
   */
  secretMentions?: WorkloadSecretMentions[];
  /** EKS Pod Identity associations of the cluster. */
  podIdentityAssociations?: PodIdentityAssociation[];
  /**
   * Nodes, as LISTed (the collector keeps name, labels and `status.nodeInfo.kubeletVersion`);
   * read on every cluster, for the credential provider's preflight and the instance profiles
   * of nodes in no managed node group.
   */
  nodes?: unknown[];
  /** EKS managed node groups of the cluster; absent when not read. */
  nodeGroups?: NodeGroup[];
  /** Instance profiles of the nodes in no managed node group; absent when not read. */
  nodeInstanceProfiles?: NodeInstanceProfile[];
  /** Nodes in no managed node group whose instance profile could not be read, and why. */
  nodeInstanceProfilesUnread?: UnreadNodeInstanceProfiles[];
  /** ACTIVE Fargate profiles of the cluster (`eks:ListFargateProfiles`); absent when not read. */
  fargateProfiles?: FargateProfile[];
  /** Why the Fargate profiles could not be read (e.g. `eks:ListFargateProfiles: AccessDeniedException`). */
  fargateProfilesUnread?: string[];
  /** Entities to map workloads and ServiceAccounts to. */
  entities?: EntitySelector[];
  /** Kinds whose LIST was forbidden; findings that need them degrade to unknown. */
  forbidden?: Partial<Record<SnapshotKind, boolean>>;
}
