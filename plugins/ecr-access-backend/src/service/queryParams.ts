import { InputError } from '@backstage/errors';
import {
  FINDING_CODES,
  HEALTHS,
  PULL_AUTHS,
} from '@ecr-access/plugin-ecr-access-common';
import { z } from 'zod';
import { AuditListOptions } from '../database';

/** The largest page: bounds both the response and the facet query behind it. */
export const MAX_LIMIT = 500;

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

const auditQuery = z
  .object({
    mechanism: z.enum(PULL_AUTHS).optional(),
    health: z.enum(HEALTHS).optional(),
    owner: text(MAX_REF_LENGTH).optional(),
    cluster: text(MAX_CLUSTER_LENGTH).optional(),
    finding: z.enum(FINDING_CODES).optional(),
    stale: z.enum(['true', 'false']).optional(),
    q: text(200).optional(),
    offset: count(0, Number.MAX_SAFE_INTEGER).optional(),
    limit: count(1, MAX_LIMIT).optional(),
    orderBy: z.enum(['entityRef', 'health', 'checkedAt', 'owner']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();

const limitQuery = z.object({ limit: count(1, MAX_LIMIT).optional() }).strict();

const noQuery = z.object({}).strict();

const runsQuery = z
  .object({
    limit: count(1, MAX_LIMIT).optional(),
    cluster: text(MAX_CLUSTER_LENGTH).optional(),
  })
  .strict();

/**
 * One part of an entity ref in a path. Looser than the catalog's default rules, since a
 * catalog may install its own validators; but never a `:` or `/`, which would make the
 * stringified ref name another entity, and never a control character.
 */
const refPart = text(253).regex(
  /^[^:/\\]*$/,
  "must not contain ':', '/' or '\\'",
);

const entityPath = z.object({
  // The catalog's kind rule (catalog-model's KubernetesValidatorFunctions): a letter, then
  // letters and digits.
  kind: text(63).regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be a catalog kind'),
  namespace: refPart,
  name: refPart,
});

/** Parses a query string or path with `schema`; errors name the parameter. */
function parse<T extends z.ZodType>(
  schema: T,
  input: unknown,
  where: 'query' | 'path' = 'query',
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    // Echo names, but not megabytes of them: a key is as unbounded as a value.
    const names = issue.keys.slice(0, 10).map(k => k.slice(0, 100));
    throw new InputError(`Unknown ${where} parameter(s): ${names.join(', ')}`);
  }
  // Only the first path segment: `owner[a]=b` arrives as an object, and is an invalid owner.
  throw new InputError(
    `Invalid ${where} parameter '${String(issue.path[0])}': ${issue.message}`,
  );
}

export interface AuditQuery extends AuditListOptions {
  format: 'json' | 'csv';
}

export function parseAuditQuery(query: unknown): AuditQuery {
  const q = parse(auditQuery, query);
  return {
    mechanism: q.mechanism,
    health: q.health,
    owner: q.owner,
    cluster: q.cluster,
    findingCode: q.finding,
    stale: q.stale === undefined ? undefined : q.stale === 'true',
    search: q.q,
    offset: q.offset ?? 0,
    limit: q.limit ?? 50,
    orderBy: q.orderBy ?? 'entityRef',
    order: q.order ?? 'asc',
    format: q.format ?? 'json',
  };
}

export function parseHistoryQuery(query: unknown): { limit: number } {
  return { limit: parse(limitQuery, query).limit ?? 50 };
}

/** Routes that take no query parameter still reject one, rather than ignore a typo. */
export function parseNoQuery(query: unknown): void {
  parse(noQuery, query);
}

/** The entity ref of an `/entities/:kind/:namespace/:name/...` path. */
export function parseEntityPath(params: unknown): {
  kind: string;
  namespace: string;
  name: string;
} {
  return parse(entityPath, params, 'path');
}

export function parseRunsQuery(query: unknown): {
  limit: number;
  cluster?: string;
} {
  const q = parse(runsQuery, query);
  return { limit: q.limit ?? 20, cluster: q.cluster };
}
