import { z } from 'zod/v4';
import { findingCodeSchema, healthSchema, pullAuthSchema } from '../model';

// The query and path parameters of every route, written once: the router parses requests
// with these schemas, the frontend client's query types are their output, and the spec
// documents their input (what travels in the URL: strings).

/** The largest page: bounds both the response and the facet query behind it. */
const MAX_LIMIT = 500;

/** A whole number in a query string, e.g. `limit=50`. */
function count(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/**
 * Free text from a URL: bounded, and without control characters. PostgreSQL rejects a NUL in
 * a text parameter outright ("invalid byte sequence"), which would otherwise surface as a 500.
 */
function text(max: number) {
  return (
    z
      .string()
      .min(1)
      .max(max)
      // eslint-disable-next-line no-control-regex -- the control characters are the point
      .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
  );
}

/** Longest entity ref accepted: kind, namespace and name of up to 253 characters each. */
const MAX_REF_LENGTH = 3 * 253 + 2;
/**
 * Cluster names come from kubernetes.clusterLocatorMethods: EKS allows 100 characters, other
 * locators a DNS name's 253.
 */
const MAX_CLUSTER_LENGTH = 253;

const auditFilterShape = {
  mechanism: pullAuthSchema
    .optional()
    .describe('Entities with at least one workload pulling this way.'),
  health: healthSchema.optional().describe('Entities of this health.'),
  owner: text(MAX_REF_LENGTH)
    .optional()
    .describe(
      'The owner, without regard to case: its entity ref (`group:default/team-a`), its name (`team-a`) or its display name (`metadata.title` or `spec.profile.displayName`). No control character.',
    ),
  cluster: text(MAX_CLUSTER_LENGTH)
    .optional()
    .describe(
      'Entities with workloads in this cluster, its name without regard to case. No control character.',
    ),
  finding: findingCodeSchema
    .optional()
    .describe('Entities with at least one finding of this code.'),
  stale: z
    .enum(['true', 'false'])
    .transform(value => value === 'true')
    .optional()
    .describe('Only stale (`true`) or only fresh (`false`) statuses.'),
  q: text(200)
    .optional()
    .describe(
      "Case-insensitive text in the entity ref, title, owner ref, owner's display name or sentence, or in the code or title of a finding the entity has; every character matches itself (`%`, `_` and `!`, the escape character, included). No control character.",
    ),
};

/** A cursor is a few hundred characters of base64url; more is not one. */
const MAX_CURSOR_LENGTH = 4096;

const auditPageShape = {
  after: z
    .string()
    .min(1)
    .max(MAX_CURSOR_LENGTH)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the nextCursor of a previous page')
    .optional()
    .describe(
      'The `nextCursor` of the previous page, read with the same `orderBy` and `order`: the page after it. Prefer it to `offset`, which reads and skips every row before the page.',
    ),
  offset: count(0, Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('Rows to skip (default 0); ignored with `after`.'),
  limit: count(1, MAX_LIMIT)
    .optional()
    .describe(`Page size, 1-${MAX_LIMIT} (default 50).`),
  orderBy: z
    .enum(['entityRef', 'health', 'checkedAt', 'owner'])
    .optional()
    .describe('Sort field (default `entityRef`).'),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .describe(
      'Sort direction (default `asc`); `health` with `desc` sorts worst first.',
    ),
};

/** Query of `GET /audit`: filters, paging and the format. @public */
export const auditQuerySchema = z
  .object({
    ...auditFilterShape,
    ...auditPageShape,
    format: z
      .enum(['json', 'csv'])
      .optional()
      .describe(
        '`csv` exports every matching entity (no pagination); needs `ecr-access.audit.export`.',
      ),
  })
  .strict();

/**
 * A page request of the audit list, as the frontend client sends it.
 *
 * @public
 */
export type AuditQuery = Omit<z.output<typeof auditQuerySchema>, 'format'>;

/**
 * Filters of the audit list; every given filter must match.
 *
 * @public
 */
export type AuditFilter = Omit<
  AuditQuery,
  'after' | 'offset' | 'limit' | 'orderBy' | 'order'
>;

/**
 * Fields the audit list can be sorted by.
 *
 * @public
 */
export type AuditOrderField = NonNullable<AuditQuery['orderBy']>;

/** Query of `GET /entities/{kind}/{namespace}/{name}/history`. @public */
export const historyQuerySchema = z
  .object({
    limit: count(1, MAX_LIMIT)
      .optional()
      .describe(`At most this many changes (1-${MAX_LIMIT}, default 50).`),
  })
  .strict();

/** Query of `GET /audit/runs`. @public */
export const auditRunsQuerySchema = z
  .object({
    limit: count(1, MAX_LIMIT)
      .optional()
      .describe(`At most this many runs (1-${MAX_LIMIT}, default 20).`),
    cluster: text(MAX_CLUSTER_LENGTH)
      .optional()
      .describe('Runs of this cluster. No control character.'),
  })
  .strict();

/**
 * Query of the history of one entity, as the frontend client sends it.
 *
 * @public
 */
export type HistoryQuery = z.output<typeof historyQuerySchema>;

/**
 * Query of the recent audit runs, as the frontend client sends it.
 *
 * @public
 */
export type AuditRunsQuery = z.output<typeof auditRunsQuerySchema>;

/** Routes that take no query parameter reject one, rather than ignore a typo. @internal */
export const noQuerySchema = z.object({}).strict();

/**
 * One part of an entity ref in a path. Looser than the catalog's default rules, since a
 * catalog may install its own validators; but never a `:` or `/`, which would make the
 * stringified ref name another entity, and never a control character.
 */
const refPart = text(253).regex(
  /^[^:/\\]*$/,
  "must not contain ':', '/' or '\\'",
);

/** Path of `/entities/{kind}/{namespace}/{name}/…`. @internal */
export const entityPathSchema = z.object({
  // The catalog's kind rule (catalog-model's KubernetesValidatorFunctions): a letter, then
  // letters and digits.
  kind: text(63)
    .regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be a catalog kind')
    .describe("The entity's kind, e.g. `component`."),
  namespace: refPart.describe(
    "The entity's namespace, e.g. `default`. No `:`, `/`, `\\` or control character.",
  ),
  name: refPart.describe(
    "The entity's name. No `:`, `/`, `\\` or control character.",
  ),
});
