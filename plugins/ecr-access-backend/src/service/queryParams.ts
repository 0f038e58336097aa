import { InputError } from '@backstage/errors';
import {
  AuditFilter,
  AuditRunsQuery,
  auditQuerySchema,
  auditRunsQuerySchema,
  entityPathSchema,
  historyQuerySchema,
  noQuerySchema,
} from '@ecr-access/plugin-ecr-access-common';
import { z } from 'zod/v4';
import { AuditListOptions } from '../database';
import { decodeAuditCursor } from '../database/auditCursor';

// The schemas are the API contract of -common; this module only turns a parse failure into
// the InputError (400) that names the parameter, and applies the defaults.

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

/** A page of the audit list, defaults applied. */
export type AuditPage = Required<
  Pick<AuditListOptions, 'offset' | 'limit' | 'orderBy' | 'order'>
> &
  Pick<AuditListOptions, 'after'>;

/** The query of `GET /audit`: the wire's filters as they are, the page, and the format. */
export interface ParsedAuditQuery {
  filter: AuditFilter;
  page: AuditPage;
  format: 'json' | 'csv';
}

export function parseAuditQuery(query: unknown): ParsedAuditQuery {
  const { after, offset, limit, orderBy, order, format, ...filter } = parse(
    auditQuerySchema,
    query,
  );
  const page: AuditPage = {
    offset: offset ?? 0,
    limit: limit ?? 50,
    orderBy: orderBy ?? 'entityRef',
    order: order ?? 'asc',
  };
  if (after !== undefined) {
    const cursor = decodeAuditCursor(after);
    if (!cursor) {
      throw new InputError(
        "Invalid query parameter 'after': not a nextCursor of this API",
      );
    }
    if (cursor.orderBy !== page.orderBy || cursor.order !== page.order) {
      throw new InputError(
        `Invalid query parameter 'after': a cursor of orderBy=${cursor.orderBy}&order=${cursor.order}, not of orderBy=${page.orderBy}&order=${page.order}`,
      );
    }
    page.after = after;
  }
  return { filter, page, format: format ?? 'json' };
}

export function parseHistoryQuery(query: unknown): { limit: number } {
  return { limit: parse(historyQuerySchema, query).limit ?? 50 };
}

/** Routes that take no query parameter still reject one, rather than ignore a typo. */
export function parseNoQuery(query: unknown): void {
  parse(noQuerySchema, query);
}

/** The entity ref of an `/entities/:kind/:namespace/:name/...` path. */
export function parseEntityPath(params: unknown): {
  kind: string;
  namespace: string;
  name: string;
} {
  return parse(entityPathSchema, params, 'path');
}

export function parseRunsQuery(
  query: unknown,
): AuditRunsQuery & { limit: number } {
  const q = parse(auditRunsQuerySchema, query);
  return { limit: q.limit ?? 20, cluster: q.cluster };
}
