import { FindingCode, findingDefinition } from './findingCodes';
import { FindingSeverity, Health, PullAuth, RuntimeIdentity } from './status';

/**
 * One thing the engine noticed, with what to do about it.
 *
 * @public
 */
export interface Finding {
  code: FindingCode;
  severity: FindingSeverity;
  /** What is wrong here, naming the objects involved. */
  message: string;
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
  kind: 'CronJob' | 'ExternalSecret' | 'Controller';
  namespace: string;
  name: string;
  schedule?: string;
  /** Longest gap between two runs, in seconds. */
  intervalSeconds?: number;
  suspended?: boolean;
  /** ISO time of the last successful run, when known. */
  lastSuccessAt?: string;
}

/**
 * The pull secret a container's pull relies on.
 *
 * @public
 */
export interface PullSecretStatus {
  namespace: string;
  name: string;
  /** ISO time of the last write (managedFields, else creationTimestamp). */
  lastWriteAt?: string;
  /** ISO time the ECR token expires (last write + 12 h); ECR hosts only. */
  expiresAt?: string;
  /** `managedFields[].manager` of the last write. */
  writer?: string;
  /** Registry hosts of the secret, when they were read. */
  hosts?: string[];
  refresher?: RefresherSummary;
}

/**
 * Status of one container image of a workload.
 *
 * @public
 */
export interface ContainerStatus {
  name: string;
  init: boolean;
  image: string;
  registry?: string;
  /** Repository ARN for ECR private images. */
  repositoryArn?: string;
  pullAuth: PullAuth;
  /** The role the kubelet pulls with, when known. */
  pullRoleArn?: string;
  secret?: PullSecretStatus;
  findings: Finding[];
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
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  /** Entity refs whose Kubernetes selector matches the workload. */
  entityRefs: string[];
  serviceAccount: string;
  /** `eks.amazonaws.com/role-arn` of the ServiceAccount. */
  runtimeRoleArn?: string;
  /** `eks.amazonaws.com/ecr-role-arn` of the ServiceAccount. */
  ecrRoleArn?: string;
  runtimeIdentity: RuntimeIdentity;
  /** The mechanism of the first regular container (else the first one). */
  pullAuth: PullAuth;
  /** Every distinct mechanism among the containers. */
  pullAuths: PullAuth[];
  containers: ContainerStatus[];
  /** Workload-level and container findings, deduplicated. */
  findings: Finding[];
  health: Health;
  checkedAt: string;
}

/**
 * Whether the last audit reached a cluster.
 *
 * @public
 */
export interface ClusterAuditState {
  cluster: string;
  reachable: boolean;
  checkedAt?: string;
  error?: string;
}

/**
 * Aggregate status of one catalog entity across clusters.
 *
 * @public
 */
export interface EntityStatus {
  entityRef: string;
  health: Health;
  mechanisms: PullAuth[];
  runtimeIdentities: RuntimeIdentity[];
  workloads: WorkloadStatus[];
  findings: Finding[];
  clusters: ClusterAuditState[];
  /** ISO time of the oldest cluster result included. */
  checkedAt: string;
  /** True when the last audit could not reach one of the clusters. */
  stale: boolean;
}
