import { z } from 'zod/v4';
import { FINDING_CODES, FindingCode, findingDefinition } from './findingCodes';
import {
  FINDING_SEVERITIES,
  FindingSeverity,
  HEALTHS,
  PULL_AUTHS,
  RUNTIME_IDENTITIES,
} from './status';
import { isoTime } from './schemaFields';

// The status model is written once, as zod schemas: the types below are inferred from them,
// the backend's contract test parses what the router serves with them
// (ecr-access-backend's `service/responses.contract.test.ts`), and `openapi.yaml` is
// generated from them (ecr-access-backend's `scripts/generate-openapi.ts`). A field's
// description is both its documentation here and in the spec.
// Release tags: installers use the inferred types. A schema a public type is inferred from
// stays @public, since the type's declaration (`z.infer<typeof …>`) names it and the CLI's
// `stripInternal` would drop an @internal one from the published types; the schemas no
// public type names (the enums below, the path, no-query and error schemas) are @internal.

/** @internal */
export const pullAuthSchema = z
  .enum(PULL_AUTHS)
  .describe(
    "What authenticates the image pull (the kubelet's credentials, not the pod's).",
  );

/** @internal */
export const runtimeIdentitySchema = z
  .enum(RUNTIME_IDENTITIES)
  .describe("What the pod's own AWS SDK calls use.");

/** @internal */
export const healthSchema = z
  .enum(HEALTHS)
  .describe('Health: the worst of the findings, from best to worst.');

/** @internal */
export const findingSeveritySchema = z
  .enum(FINDING_SEVERITIES)
  .describe(
    'Severity of one finding; `info` explains without degrading health.',
  );

/** @internal */
export const findingCodeSchema = z
  .enum(FINDING_CODES)
  .describe('A stable finding code.');

/** The schema of {@link Finding}: the router and the spec use it. @public */
export const findingSchema = z
  .object({
    code: findingCodeSchema,
    severity: findingSeveritySchema,
    message: z
      .string()
      .describe('What is wrong here, naming the objects involved.'),
    remediation: z
      .string()
      .describe('What to do about it, from the finding catalog.'),
    subject: z
      .string()
      .describe('The object the finding is about, e.g. `Secret shop/regcred`.'),
  })
  .describe('One thing the engine noticed, with what to do about it.');

/**
 * One thing the engine noticed, with what to do about it.
 *
 * @public
 */
export type Finding = z.infer<typeof findingSchema>;

/**
 * Build a finding from the catalog; `severity` overrides the catalog's
 * default where the same code can be more or less serious.
 *
 * @internal
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

/** The schema of {@link RefresherSummary}: the router and the spec use it. @public */
export const refresherSummarySchema = z
  .object({
    kind: z
      .enum(['CronJob', 'Job', 'Deployment', 'ExternalSecret', 'Controller'])
      .describe('Kind of refresher.'),
    namespace: z.string().describe('Namespace of the refresher.'),
    name: z.string().describe('Name of the refresher.'),
    schedule: z
      .string()
      .optional()
      .describe('Cron schedule or refresh interval, as written.'),
    intervalSeconds: z
      .number()
      .optional()
      .describe('Longest gap between two runs, in seconds.'),
    suspended: z
      .boolean()
      .optional()
      .describe('Whether the CronJob is suspended.'),
    lastSuccessAt: isoTime(
      'ISO time of the last successful run, when known.',
    ).optional(),
    lastRun: z
      .object({
        name: z.string(),
        outcome: z.enum(['succeeded', 'failed', 'running']),
        at: isoTime('ISO time it started or finished.').optional(),
      })
      .optional()
      .describe(
        "The latest Job of a CronJob (by ownerReferences), or a standalone Job's own run.",
      ),
    writeAccess: z
      .enum(['scoped', 'broad'])
      .optional()
      .describe(
        "How the workload's ServiceAccount may write the secret: a rule naming it (`scoped`) or any secret of the namespace (`broad`).",
      ),
    namedIn: z
      .array(
        z.object({
          source: z.enum([
            'command',
            'args',
            'env',
            'configMapKeyRef',
            'envFrom',
          ]),
          configMap: z
            .string()
            .optional()
            .describe(
              'The ConfigMap holding the name, for `configMapKeyRef` and `envFrom`.',
            ),
        }),
      )
      .optional()
      .describe(
        'Where the workload names the secret: the places, never the values.',
      ),
  })
  .describe('What keeps a pull secret fresh.');

/**
 * What keeps a pull secret fresh.
 *
 * @public
 */
export type RefresherSummary = z.infer<typeof refresherSummarySchema>;

/** The schema of {@link PullSecretStatus}: the router and the spec use it. @public */
export const pullSecretStatusSchema = z
  .object({
    namespace: z.string().describe('Namespace of the secret.'),
    name: z.string().describe('Name of the secret.'),
    lastWriteAt: isoTime(
      'ISO time of the last write of its data (the newest managedFields entry owning f:data or f:stringData, else creationTimestamp).',
    ).optional(),
    expiresAt: isoTime(
      'ISO time the ECR token expires (last write + 12 h); ECR hosts only.',
    ).optional(),
    writer: z
      .string()
      .optional()
      .describe('`managedFields[].manager` of the last write of its data.'),
    hosts: z
      .array(z.string())
      .optional()
      .describe('Registry hosts of the secret, when they were read.'),
    refresher: refresherSummarySchema.optional(),
  })
  .describe(
    "The pull secret a container's pull relies on: its metadata; its data is never read.",
  );

/**
 * The pull secret a container's pull relies on.
 *
 * @public
 */
export type PullSecretStatus = z.infer<typeof pullSecretStatusSchema>;

/** The schema of {@link ContainerStatus}: the router and the spec use it. @public */
export const containerStatusSchema = z
  .object({
    name: z.string().describe('Container name.'),
    init: z.boolean().describe('Whether it is an init container.'),
    image: z.string().describe('Image reference, as in the pod spec.'),
    registry: z.string().optional().describe('Registry host of the image.'),
    repositoryArn: z
      .string()
      .optional()
      .describe('Repository ARN for ECR private images.'),
    // A workload that names a pull secret stays `static-secret` or `rotating-secret` even
    // when that secret no longer works: the kubelet tries the secret, fails, then its
    // credential provider (node role, Fargate role, ECR pull role) pulls in its place.
    pullAuth: pullAuthSchema,
    effectivePullAuth: pullAuthSchema
      .optional()
      .describe(
        "What authenticates the pull today when it is not `pullAuth` (a credential provider pulling in a broken secret's place).",
      ),
    pullRoleArn: z
      .string()
      .optional()
      .describe(
        "The role the kubelet pulls with, when known (the one pulling in a secret's place too).",
      ),
    secret: pullSecretStatusSchema.optional(),
    findings: z.array(findingSchema),
    health: healthSchema,
  })
  .describe('Status of one container image of a workload.');

/**
 * Status of one container image of a workload.
 *
 * @public
 */
export type ContainerStatus = z.infer<typeof containerStatusSchema>;

/** The schema of {@link WorkloadKind}: the router and the spec use it. @public */
export const workloadKindSchema = z
  .enum(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Rollout'])
  .describe(
    'Workload kinds the engine classifies (Rollout: Argo Rollouts, argoproj.io/v1alpha1).',
  );

/**
 * Workload kinds the engine classifies.
 *
 * @public
 */
export type WorkloadKind = z.infer<typeof workloadKindSchema>;

/** The schema of {@link WorkloadStatus}: the router and the spec use it. @public */
export const workloadStatusSchema = z
  .object({
    cluster: z.string().describe('Cluster name.'),
    namespace: z.string().describe('Namespace of the workload.'),
    kind: workloadKindSchema,
    name: z.string().describe('Workload name.'),
    entityRefs: z
      .array(z.string())
      .describe('Entity refs whose Kubernetes selector matches the workload.'),
    serviceAccount: z.string().describe('ServiceAccount the pods run as.'),
    runtimeRoleArn: z
      .string()
      .optional()
      .describe('`eks.amazonaws.com/role-arn` of the ServiceAccount.'),
    ecrRoleArn: z
      .string()
      .optional()
      .describe('`eks.amazonaws.com/ecr-role-arn` of the ServiceAccount.'),
    runtimeIdentity: runtimeIdentitySchema,
    // The mechanism of the first regular container (else the first one).
    pullAuth: pullAuthSchema,
    pullAuths: z
      .array(pullAuthSchema)
      .describe('Every distinct mechanism among the containers.'),
    containers: z
      .array(containerStatusSchema)
      .describe('Status of each container and init container.'),
    findings: z
      .array(findingSchema)
      .describe('Workload-level and container findings, deduplicated.'),
    health: healthSchema,
    checkedAt: isoTime('ISO time of the audit.'),
  })
  .describe('Status of one workload in one cluster.');

/**
 * Status of one workload in one cluster.
 *
 * @public
 */
export type WorkloadStatus = z.infer<typeof workloadStatusSchema>;

/** The schema of {@link ClusterAuditState}: the router and the spec use it. @public */
export const clusterAuditStateSchema = z
  .object({
    cluster: z.string().describe('Cluster name.'),
    reachable: z
      .boolean()
      .describe(
        'Whether the latest attempt to read the cluster (for this entity) succeeded.',
      ),
    checkedAt: isoTime(
      'ISO time of the latest attempt, successful or not.',
    ).optional(),
    lastSuccessAt: isoTime(
      'ISO time of the last successful read, whose results are shown; absent when never read.',
    ).optional(),
    unreachableSince: isoTime(
      'ISO time of the first failed attempt of the current outage; unreachable clusters only.',
    ).optional(),
    error: z
      .string()
      .optional()
      .describe(
        'Why the cluster could not be read: a short reason; the API replaces URLs, host names and IP addresses by `<redacted>`.',
      ),
  })
  .describe('Whether the last audit reached a cluster.');

/**
 * Whether the last audit reached a cluster.
 *
 * @public
 */
export type ClusterAuditState = z.infer<typeof clusterAuditStateSchema>;

/** The schema of {@link EntityStatus}: the router and the spec use it. @public */
export const entityStatusSchema = z
  .object({
    entityRef: z.string().describe('Ref of the catalog entity.'),
    health: healthSchema,
    mechanisms: z
      .array(pullAuthSchema)
      .describe('Every pull mechanism its workloads use.'),
    runtimeIdentities: z
      .array(runtimeIdentitySchema)
      .describe('Every runtime identity its workloads run with.'),
    workloads: z.array(workloadStatusSchema),
    findings: z.array(findingSchema).describe('Every finding once.'),
    clusters: z
      .array(clusterAuditStateSchema)
      .describe('Audit state of each cluster.'),
    checkedAt: isoTime('ISO time of the oldest cluster result included.'),
    stale: z
      .boolean()
      .describe(
        'True when the last audit could not reach one of the clusters.',
      ),
    // The aggregate always sets it; statuses stored before it existed lack it.
    checked: z
      .boolean()
      .optional()
      .describe(
        'False when no cluster has been read for this entity yet ("not yet checked", health unknown, no workloads); absent means true.',
      ),
  })
  .describe('Aggregate status of one catalog entity across clusters.');

/**
 * Aggregate status of one catalog entity across clusters.
 *
 * @public
 */
export type EntityStatus = z.infer<typeof entityStatusSchema>;
