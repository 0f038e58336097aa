import { z } from 'zod/v4';
import {
  entityStatusSchema,
  findingCodeSchema,
  healthSchema,
  pullAuthSchema,
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
