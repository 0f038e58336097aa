import { z } from 'zod/v4';

/**
 * Stable codes of audit errors, for people and for alerting rules. The backend derives them
 * from the stored message (Node's network stack, the Kubernetes client, the AWS SDK).
 *
 * @public
 */
export const AUDIT_ERROR_CODES = [
  'CONNECTION_REFUSED',
  'HOST_NOT_FOUND',
  'TIMEOUT',
  'TLS_FAILURE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'THROTTLED',
  'SERVER_ERROR',
  'AUDIT_ERROR',
] as const;

/** One of {@link AUDIT_ERROR_CODES}. @public */
export type AuditErrorCode = (typeof AUDIT_ERROR_CODES)[number];

/** The schema of {@link AuditRunError}: the router and the spec use it. @public */
export const auditRunErrorSchema = z
  .object({
    cluster: z.string().optional(),
    code: z.enum(AUDIT_ERROR_CODES),
    message: z.string(),
  })
  .describe(
    "An error of an audit run: a stable code, and the message with URLs, host names and IP addresses replaced by `<redacted>` (they would name the clusters' API servers); never tokens or secret content.",
  );

/**
 * An error of an audit run, as the API serves it.
 *
 * @public
 */
export type AuditRunError = z.infer<typeof auditRunErrorSchema>;

/**
 * Backstage's `ErrorResponseBody` (`@backstage/errors`), the shape of every error answer;
 * described here for the spec, never parsed.
 *
 * @internal
 */
export const errorResponseSchema = z
  .object({
    error: z.object({ name: z.string(), message: z.string() }),
    request: z.object({ method: z.string(), url: z.string() }).optional(),
    response: z.object({ statusCode: z.number().int() }),
  })
  .describe(
    "Backstage's `ErrorResponseBody`; never carries a stack trace in production.",
  );
