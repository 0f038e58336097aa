import { FindingCode, findingDefinition } from './findingCodes';
import { FindingSeverity, Health, PullAuth, RuntimeIdentity } from './status';

/**
 * One thing the engine noticed, with what to do about it.
 *
 * @public
 */
export interface Finding {
  /** Stable finding code. */
  code: FindingCode;
  /** Severity of this occurrence. */
  severity: FindingSeverity;
  /** What is wrong here, naming the objects involved. */
  message: string;
  /** What to do about it, from the finding catalog. */
  remediation: string;
  /** The object the finding is about, e.g. `Secret shop/regcred`. */
  subject: string;
}

/**
 * Build a finding from the catalog; `severity` overrides the catalog's
 * default where the same code can be more or less serious.
 *
 * @public
 */
export function createFinding(
  code: FindingCode,
  subject: string,
  message: string,
  severity?: FindingSeverity,
): Finding {
  const def = findingDefinition(code);
  return {
    code,
    severity: severity ?? def.severity,
    message,
    remediation: def.remediation,
    subject,
  };
}

/**
 * What keeps a pull secret fresh.
 *
 * @public
 */
export interface RefresherSummary {
  /** Kind of refresher. */
  kind: 'CronJob' | 'Job' | 'Deployment' | 'ExternalSecret' | 'Controller';
  /** Namespace of the refresher. */
  namespace: string;
  /** Name of the refresher. */
  name: string;
  /** Cron schedule or refresh interval, as written. */
  schedule?: string;
  /** Longest gap between two runs, in seconds. */
  intervalSeconds?: number;
  /** Whether the CronJob is suspended. */
  suspended?: boolean;
  /** ISO time of the last successful run, when known. */
  lastSuccessAt?: string;
  /** The latest Job of a CronJob (by ownerReferences), or a standalone Job's own run. */
  lastRun?: {
    name: string;
    outcome: 'succeeded' | 'failed' | 'running';
    /** ISO time it started or finished. */
    at?: string;
  };
  /**
   * How the workload's ServiceAccount may write the secret: a rule naming it (`scoped`) or
   * any secret of the namespace (`broad`).
   */
  writeAccess?: 'scoped' | 'broad';
  /** Where the workload names the secret: the places, never the values. */
  namedIn?: Array<{
    source: 'command' | 'args' | 'env' | 'configMapKeyRef' | 'envFrom';
    /** The ConfigMap holding the name, for `configMapKeyRef` and `envFrom`. */
    configMap?: string;
  }>;
}

/**
 * The pull secret a container's pull relies on.
 *
 * @public
 */
export interface PullSecretStatus {
  /** Namespace of the secret. */
  namespace: string;
  /** Name of the secret. */
  name: string;
  /** ISO time of the last write (managedFields, else creationTimestamp). */
  lastWriteAt?: string;
  /** ISO time the ECR token expires (last write + 12 h); ECR hosts only. */
  expiresAt?: string;
  /** `managedFields[].manager` of the last write. */
  writer?: string;
  /** Registry hosts of the secret, when they were read. */
  hosts?: string[];
  /** What keeps the secret fresh, if anything was found. */
  refresher?: RefresherSummary;
}

/**
 * Status of one container image of a workload.
 *
 * @public
 */
export interface ContainerStatus {
  /** Container name. */
  name: string;
  /** Whether it is an init container. */
  init: boolean;
  /** Image reference, as in the pod spec. */
  image: string;
  /** Registry host of the image. */
  registry?: string;
  /** Repository ARN for ECR private images. */
  repositoryArn?: string;
  /**
   * The mechanism the pull is configured with: a workload that names a pull secret stays
   * `static-secret` or `rotating-secret` even when that secret no longer works.
   */
  pullAuth: PullAuth;
  /**
   * What authenticates the pull today when it is not {@link ContainerStatus.pullAuth}: the
   * kubelet tries the pull secret, fails, then its credential provider (the node role, the
   * Fargate pod execution role or the ServiceAccount's ECR pull role) pulls in its place.
   */
  effectivePullAuth?: PullAuth;
  /** The role the kubelet pulls with, when known (the one pulling in a secret's place too). */
  pullRoleArn?: string;
  /** The pull secret the pull relies on, if any. */
  secret?: PullSecretStatus;
  /** Findings about this container. */
  findings: Finding[];
  /** Health of this container's pull. */
  health: Health;
}

/**
 * Workload kinds the engine classifies.
 *
 * @public
 */
export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'CronJob'
  | 'Job';

/**
 * Status of one workload in one cluster.
 *
 * @public
 */
export interface WorkloadStatus {
  /** Cluster name. */
  cluster: string;
  /** Namespace of the workload. */
  namespace: string;
  /** Workload kind. */
  kind: WorkloadKind;
  /** Workload name. */
  name: string;
  /** Entity refs whose Kubernetes selector matches the workload. */
  entityRefs: string[];
  /** ServiceAccount the pods run as. */
  serviceAccount: string;
  /** `eks.amazonaws.com/role-arn` of the ServiceAccount. */
  runtimeRoleArn?: string;
  /** `eks.amazonaws.com/ecr-role-arn` of the ServiceAccount. */
  ecrRoleArn?: string;
  /** The AWS identity the pods run with (IRSA, Pod Identity, node role…). */
  runtimeIdentity: RuntimeIdentity;
  /** The mechanism of the first regular container (else the first one). */
  pullAuth: PullAuth;
  /** Every distinct mechanism among the containers. */
  pullAuths: PullAuth[];
  /** Status of each container and init container. */
  containers: ContainerStatus[];
  /** Workload-level and container findings, deduplicated. */
  findings: Finding[];
  /** Health of the workload: the worst of its findings. */
  health: Health;
  /** ISO time of the audit. */
  checkedAt: string;
}

/**
 * Whether the last audit reached a cluster.
 *
 * @public
 */
export interface ClusterAuditState {
  /** Cluster name. */
  cluster: string;
  /** Whether the latest attempt to read the cluster (for this entity) succeeded. */
  reachable: boolean;
  /** ISO time of the latest attempt, successful or not. */
  checkedAt?: string;
  /**
   * ISO time of the last successful read: the time of the results shown for this cluster.
   * Absent when the cluster was never read ("never read").
   */
  lastSuccessAt?: string;
  /** ISO time of the first failed attempt of the current outage; unreachable clusters only. */
  unreachableSince?: string;
  /** Why the cluster could not be read: a short reason, without URLs, hosts or stack. */
  error?: string;
}

/**
 * Aggregate status of one catalog entity across clusters.
 *
 * @public
 */
export interface EntityStatus {
  /** Ref of the catalog entity. */
  entityRef: string;
  /** Health of the entity: the worst of its findings. */
  health: Health;
  /** Every pull mechanism its workloads use. */
  mechanisms: PullAuth[];
  /** Every runtime identity its workloads run with. */
  runtimeIdentities: RuntimeIdentity[];
  /** Its workloads. */
  workloads: WorkloadStatus[];
  /** Every finding once. */
  findings: Finding[];
  /** Audit state of each cluster. */
  clusters: ClusterAuditState[];
  /** ISO time of the oldest cluster result included. */
  checkedAt: string;
  /** True when the last audit could not reach one of the clusters. */
  stale: boolean;
  /**
   * `false` when no cluster has been read successfully for this entity yet: "not yet
   * checked", health `unknown`, no workloads. The aggregate always sets it; absent (statuses
   * stored before it existed) means checked.
   */
  checked?: boolean;
}
