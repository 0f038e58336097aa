import { z } from 'zod/v4';
import {
  clusterAuditStateSchema,
  entityStatusSchema,
  findingCodeSchema,
  healthSchema,
  pullAuthSchema,
  runtimeIdentitySchema,
} from '../model';
import { isoTime } from '../schemaFields';
import { auditRunErrorSchema } from './errors';

// The response bodies of every route, written once: the router's answers are typed with
// them (and its contract test parses each route's body with them, strictly:
// ecr-access-backend's `service/responses.contract.test.ts`), the frontend client returns
// their types, and the spec is generated from them.

const unreachableClustersSchema = z
  .array(z.object({ cluster: z.string(), error: z.string() }))
  .describe(
    'The clusters this refresh could not read (the error redacted like `clusters[].error`); the status marks them unreachable too.',
  );

/** The schema of {@link EntityStatusResponse}: the router and the spec use it. @public */
export const entityStatusResponseSchema = entityStatusSchema
  .extend({
    summary: z
      .string()
      .describe(
        'One sentence, e.g. "Pulls use IRSA (role web-pull) on prod-use1".',
      ),
    // Only in the answer to a refresh; see refreshResponseSchema.
    unreachableClusters: unreachableClustersSchema.optional(),
  })
  .describe(
    "An entity's status as the backend serves it: the stored status plus the sentence for people.",
  );

/**
 * An entity's status as the backend serves it: the stored status plus the sentence for people.
 *
 * @public
 */
export type EntityStatusResponse = z.infer<typeof entityStatusResponseSchema>;

/** The schema of {@link RefreshResponse}: the router and the spec use it. @public */
export const refreshResponseSchema = entityStatusResponseSchema
  .extend({ unreachableClusters: unreachableClustersSchema })
  .describe("The entity's status after an on-demand refresh.");

/**
 * The answer to a refresh: the status, with the clusters the refresh could not read.
 *
 * @public
 */
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;

// What a list shows of an entity's status, the same in its history and in the audit list.
const statusDigest = {
  health: healthSchema,
  mechanisms: z.array(pullAuthSchema),
  findingCodes: z.array(findingCodeSchema),
};

/** The schema of {@link EntityHistoryEntry}: the router and the spec use it. @public */
export const entityHistoryEntrySchema = z
  .object({
    changedAt: isoTime('ISO time of the change.'),
    ...statusDigest,
    stale: z.boolean(),
    summary: z.string().describe('The sentence for people after the change.'),
  })
  .describe("One change of an entity's status: its state after the change.");

/**
 * One change of an entity's status.
 *
 * @public
 */
export type EntityHistoryEntry = z.infer<typeof entityHistoryEntrySchema>;

/** The schema of {@link HistoryResponse}: the router and the spec use it. @public */
export const historyResponseSchema = z.object({
  items: z.array(entityHistoryEntrySchema),
});

/** The answer of `GET /entities/{kind}/{namespace}/{name}/history`. @public */
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

/** The schema of {@link AuditItem}: the router and the spec use it. @public */
export const auditItemSchema = z
  .object({
    entityRef: z
      .string()
      .describe('The entity, e.g. `component:default/payments-api`.'),
    title: z.string().optional(),
    owner: z.string().optional().describe("The owner's entity ref."),
    ...statusDigest,
    clusters: z
      .array(z.string())
      .describe("Clusters the entity's workloads run in."),
    // The entity status's own fields: the list shows them as the status has them.
    stale: entityStatusSchema.shape.stale,
    checkedAt: entityStatusSchema.shape.checkedAt,
    summary: z.string().describe('The sentence for people.'),
    summaryParts: z
      .array(
        z.union([
          z.string(),
          z.object({
            at: isoTime('The instant the age counts from or to.'),
            form: z
              .enum(['ago', 'expires'])
              .describe(
                '`ago`: "3 h ago"; `expires`: "expires in 3 h", or "expired 2 h ago" once passed.',
              ),
          }),
        ]),
      )
      .optional()
      .describe(
        "`summary` in parts, for a page to word its ages by its own clock: words, and each age (a pull secret's expiry and last write, those in the findings it quotes) as its instant. `summary` words them as of when the audit stored it.",
      ),
  })
  .describe('One entity in the audit list.');

/**
 * One entity in the audit list.
 *
 * @public
 */
export type AuditItem = z.infer<typeof auditItemSchema>;

/**
 * Counts by pull mechanism and by health: of entities in the audit list, of workloads in a
 * run. One shape, described for what it counts.
 */
function countsSchema(text: {
  byMechanism: string;
  byHealth: string;
  counts: string;
}) {
  return z
    .object({
      byMechanism: z
        .partialRecord(pullAuthSchema, z.number().int())
        .describe(text.byMechanism),
      byHealth: z
        .partialRecord(healthSchema, z.number().int())
        .describe(text.byHealth),
    })
    .describe(text.counts);
}

/** The schema of {@link AuditCounts}: the router and the spec use it. @public */
export const auditCountsSchema = countsSchema({
  byMechanism:
    'Entities per pull mechanism (an entity with two mechanisms counts in both).',
  byHealth: 'Entities per health.',
  counts: 'Counts by mechanism and by health.',
});

/**
 * Counts by mechanism and by health.
 *
 * @public
 */
export type AuditCounts = z.infer<typeof auditCountsSchema>;

/** The schema of {@link AuditResponse}: the router and the spec use it. @public */
export const auditResponseSchema = z
  .object({
    items: z.array(auditItemSchema).describe('The page.'),
    totalCount: z
      .number()
      .int()
      .describe('Entities matching the filters, over all pages.'),
    summary: auditCountsSchema.describe(
      'Counts over every entity matching the filters (not only the page).',
    ),
    auditCompleted: z
      .boolean()
      .describe(
        'False until an audit of some cluster has read it (succeeded or partial): an empty list then means "not yet".',
      ),
    lastCompletedAt: z
      .string()
      .nullable()
      .describe(
        'ISO end of the latest audit run that read its cluster; null before the first.',
      ),
    nextCursor: z
      .string()
      .optional()
      .describe(
        'Pass as `after` (with the same filters, `orderBy` and `order`) for the next page; absent on the last page.',
      ),
  })
  .describe(
    'A page of the audit, with counts over every matching entity (not only the page).',
  );

/**
 * A page of the audit, with counts over every matching entity (not only the page).
 *
 * @public
 */
export type AuditResponse = z.infer<typeof auditResponseSchema>;

/** The schema of {@link AuditRunCounts}: the router and the spec use it. @public */
export const auditRunCountsSchema = countsSchema({
  byMechanism:
    "Workloads per pull mechanism (each counted once, by its `pullAuth`: its first regular container's).",
  byHealth: 'Workloads per health.',
  counts:
    'Counts of the workloads a run classified, by mechanism and by health (not entities: a run reads one cluster).',
});

/**
 * Counts of the workloads one audit run classified, by mechanism and by health.
 *
 * @public
 */
export type AuditRunCounts = z.infer<typeof auditRunCountsSchema>;

/** The schema of {@link AuditRun}: the router and the spec use it. @public */
export const auditRunSchema = z
  .object({
    id: z.number().int(),
    cluster: z.string().describe('The cluster this run audited.'),
    startedAt: isoTime('ISO start time.'),
    finishedAt: z
      .string()
      .optional()
      .describe('ISO end time; absent while running.'),
    status: z.enum(['succeeded', 'failed', 'partial']),
    entityCount: z
      .number()
      .int()
      .describe('Catalog entities the run looked for.'),
    workloadCount: z.number().int().describe('Workloads the run classified.'),
    counts: auditRunCountsSchema,
    errors: z.array(auditRunErrorSchema),
    kubernetesRequests: z.number().int(),
    awsRequests: z.number().int(),
  })
  .describe('One audit run of one cluster.');

/**
 * One audit run of one cluster.
 *
 * @public
 */
export type AuditRun = z.infer<typeof auditRunSchema>;

/** The schema of {@link AuditRunsResponse}: the router and the spec use it. @public */
export const auditRunsResponseSchema = z.object({
  items: z.array(auditRunSchema),
});

/** The answer of `GET /audit/runs`. @public */
export type AuditRunsResponse = z.infer<typeof auditRunsResponseSchema>;

/** The schema of {@link AuditFacets}: the router and the spec use it. @public */
export const auditFacetsSchema = z
  .object({
    owners: z
      .array(
        z.object({
          ref: z.string().describe("The owner's entity ref, in lower case."),
          title: z
            .string()
            .optional()
            .describe(
              "The owner's display name (`metadata.title`, else `spec.profile.displayName`), when the catalog has one.",
            ),
        }),
      )
      .describe('Owners of the entities, by ref.'),
    clusters: z
      .array(z.string())
      .describe('Clusters some of the entities run workloads in.'),
    mechanisms: z
      .array(pullAuthSchema)
      .describe('Pull mechanisms some of the entities use.'),
    findings: z
      .array(findingCodeSchema)
      .describe('Finding codes some of the entities have.'),
  })
  .describe(
    "The values of the audit page's filters, over the entities the caller may read (the same permission as `GET /audit`).",
  );

/**
 * The values of the audit page's filters, over the entities the caller may read.
 *
 * @public
 */
export type AuditFacets = z.infer<typeof auditFacetsSchema>;

/** The schema of {@link ClusterNodeRole}: the router and the spec use it. @public */
export const clusterNodeRoleSchema = z
  .object({
    arn: z.string().describe('ARN of the IAM role.'),
    sources: z
      .array(z.string())
      .describe('Where it was found: `config`, `node group <name>`.'),
    beyondPulling: z
      .array(z.string())
      .optional()
      .describe(
        'What it may do with ECR beyond pulling (`NODE_ROLE_TOO_BROAD`); empty when as narrow as AmazonEC2ContainerRegistryPullOnly; absent when the role could not be read (unknown, not narrow).',
      ),
  })
  .describe(
    'One node role of a cluster: the kubelets of its nodes pull with it.',
  );

/**
 * One node role of a cluster, as its pull set-up shows it.
 *
 * @public
 */
export type ClusterNodeRole = z.infer<typeof clusterNodeRoleSchema>;

/** The schema of {@link ClusterPullSetup}: the router and the spec use it. @public */
export const clusterPullSetupSchema = z
  .object({
    cluster: z.string().describe('Cluster name.'),
    imagePullAuth: z
      .enum(['service-account-token', 'node-role'])
      .describe("How the cluster's kubelets pull, as its config declares."),
    nodeRoles: z
      .array(clusterNodeRoleSchema)
      .describe('The node roles, from config and EKS managed node groups.'),
    nodeRolesUnknown: z
      .string()
      .optional()
      .describe('Why the node roles are unknown, when they are.'),
    credentialProvider: z
      .object({
        state: z
          .enum(['ready', 'not-ready', 'unknown'])
          .describe(
            'For pods without tolerations or a node selector (on the untainted EC2 nodes): `not-ready` when a problem is known, `unknown` when what decides it was not read.',
          ),
        problems: z
          .array(z.string())
          .describe('What is wrong (old kubelets, missing RBAC).'),
        unknowns: z
          .array(z.string())
          .describe('What could not be read or understood.'),
        limitedTo: z
          .array(z.string())
          .optional()
          .describe(
            "ServiceAccounts the nodes' `sts.amazonaws.com` audience grant is limited to (`resourceNames`).",
          ),
        onTaintedNodes: z
          .object({
            state: z.enum(['ready', 'not-ready', 'unknown']),
            problems: z.array(z.string()),
            unknowns: z.array(z.string()),
          })
          .optional()
          .describe(
            'The preflight over every EC2 node, tainted ones included, for pods that tolerate their taints; present only when it differs from `state` (e.g. a tainted node group still on kubelet 1.33).',
          ),
      })
      .optional()
      .describe(
        "The service-account-token credential provider's preflight (kubelet versions, the nodes' audience RBAC); `service-account-token` clusters only.",
      ),
    workloads: z
      .partialRecord(
        pullAuthSchema,
        z.partialRecord(runtimeIdentitySchema, z.number().int()),
      )
      .describe(
        'Workloads (not entities) per pull mechanism (`pullAuth`) and runtime identity.',
      ),
  })
  .describe(
    "A cluster's pull set-up as its latest audit read it: how its kubelets pull, with which node roles, whether its nodes are ready for service-account-token pulls, and its workloads per pull mechanism and runtime identity.",
  );

/**
 * A cluster's pull set-up at a glance: how its kubelets pull, with which node roles, whether
 * its nodes are ready for service-account-token pulls, and its workloads' runtime identities
 * per pull mechanism.
 *
 * @public
 */
export type ClusterPullSetup = z.infer<typeof clusterPullSetupSchema>;

/** The schema of {@link ClusterPullSetupItem}: the router and the spec use it. @public */
export const clusterPullSetupItemSchema = z
  .object({
    cluster: z.string().describe('A configured cluster.'),
    state: clusterAuditStateSchema
      .optional()
      .describe(
        'Whether the latest audit reached the cluster (its error without endpoints); absent before its first audit.',
      ),
    pullSetup: clusterPullSetupSchema
      .optional()
      .describe(
        'The pull set-up of the latest audit that read the cluster; absent when none has. When `state.reachable` is false it is the last known one, not the current one.',
      ),
    readAt: isoTime(
      'ISO time the cluster was read for `pullSetup`.',
    ).optional(),
  })
  .describe('One configured cluster: its latest pull set-up and reachability.');

/**
 * One configured cluster: its latest pull set-up and reachability.
 *
 * @public
 */
export type ClusterPullSetupItem = z.infer<typeof clusterPullSetupItemSchema>;

/** The schema of {@link ClusterPullSetupsResponse}: the router and the spec use it. @public */
export const clusterPullSetupsResponseSchema = z
  .object({
    items: z
      .array(clusterPullSetupItemSchema)
      .describe('Every configured cluster, in config order.'),
    runtimeIdentities: z
      .partialRecord(runtimeIdentitySchema, z.number().int())
      .describe(
        "Workloads (not entities) per runtime identity, summed over the items' pull set-ups (an unreachable cluster's last known ones included), so that a move from IRSA to Pod Identity can be followed.",
      ),
  })
  .describe(
    'The pull set-up of every configured cluster, and its workloads per runtime identity.',
  );

/** The answer of `GET /audit/clusters`. @public */
export type ClusterPullSetupsResponse = z.infer<
  typeof clusterPullSetupsResponseSchema
>;
