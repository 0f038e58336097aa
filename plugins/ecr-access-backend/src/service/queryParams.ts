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

const auditQuery = z
  .object({
    mechanism: z.enum(PULL_AUTHS).optional(),
    health: z.enum(HEALTHS).optional(),
    owner: z.string().min(1).optional(),
    cluster: z.string().min(1).optional(),
    finding: z.enum(FINDING_CODES).optional(),
    stale: z.enum(['true', 'false']).optional(),
    q: z.string().min(1).max(200).optional(),
    offset: count(0, Number.MAX_SAFE_INTEGER).optional(),
    limit: count(1, MAX_LIMIT).optional(),
    orderBy: z.enum(['entityRef', 'health', 'checkedAt', 'owner']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();

const limitQuery = z.object({ limit: count(1, MAX_LIMIT).optional() }).strict();

const runsQuery = z
  .object({
    limit: count(1, MAX_LIMIT).optional(),
    cluster: z.string().min(1).optional(),
  })
  .strict();

/** Parses a query string with `schema`; errors name the parameter. */
function parse<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    throw new InputError(
      `Unknown query parameter(s): ${issue.keys.join(', ')}`,
    );
  }
  throw new InputError(
    `Invalid query parameter '${issue.path.join('.')}': ${issue.message}`,
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

export function parseRunsQuery(query: unknown): {
  limit: number;
  cluster?: string;
} {
  const q = parse(runsQuery, query);
  return { limit: q.limit ?? 20, cluster: q.cluster };
}
