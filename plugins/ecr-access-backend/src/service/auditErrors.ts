/**
 * What the API shows of an audit error. The stored messages come from Node's network stack,
 * the Kubernetes client and the AWS SDK, and these name the cluster's API server
 * (`connect ECONNREFUSED 10.0.0.1:443`, `getaddrinfo ENOTFOUND ABC.gr7.us-east-1.eks.amazonaws.com`,
 * `request to https://…/apis/apps/v1/deployments failed`): internal addresses that a reader
 * of the audit does not need and an attacker would like. The API therefore serves a stable
 * code and the message with every URL, host name and IP address replaced.
 */

import type {
  AuditErrorCode,
  AuditRunError,
} from '@ecr-access/plugin-ecr-access-common';
import type { RecordedRunError } from '../database';

const REDACTED = '<redacted>';

/**
 * In order: ARNs (an AWS AccessDenied names the plugin's own principal, `User:
 * arn:aws:sts::111122223333:assumed-role/backstage/…`, and the resource), URLs (any scheme), bracketed IPv6, IPv4 with an optional port, then DNS names of
 * two labels or more ending in a letter-only label (so ISO times and versions survive).
 */
const ENDPOINT_PATTERNS: RegExp[] = [
  /\barn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:\d*:[^\s'"<>(),]+/gi,
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>()]+/gi,
  /\[[0-9a-f:.]*:[0-9a-f:.]*\](?::\d+)?/gi,
  /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g,
  /(?<![\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d+)?(?![\w-])/gi,
];

/** Bare IPv6 addresses (`::1`, `fd00::1:443`) as Node prints them after ECONNREFUSED. */
const BARE_IPV6 = /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi;

/** Replaces every ARN, URL, host name and IP address in `text`. */
export function redactEndpoints(text: string): string {
  let redacted = text;
  for (const pattern of ENDPOINT_PATTERNS) {
    redacted = redacted.replace(pattern, REDACTED);
  }
  return redacted.replace(BARE_IPV6, match =>
    // "10:00:00" in a time is not an address: an IPv6 address has a hex letter or "::".
    /[a-f]|::/i.test(match) ? REDACTED : match,
  );
}

/** Most specific first: a TLS error can mention a timeout, a 403 can mention a throttle. */
const CODE_RULES: Array<[AuditErrorCode, RegExp]> = [
  ['TLS_FAILURE', /certificate|\bTLS\b|\bSSL\b|self[- ]signed|CERT_/i],
  ['CONNECTION_REFUSED', /ECONNREFUSED|ECONNRESET|socket hang up|EPIPE/i],
  ['HOST_NOT_FOUND', /ENOTFOUND|EAI_AGAIN|getaddrinfo/i],
  ['TIMEOUT', /ETIMEDOUT|timed? ?out|timeout|aborted/i],
  [
    'UNAUTHORIZED',
    /\b401\b|unauthori[sz]ed|ExpiredToken|InvalidClientTokenId/i,
  ],
  ['FORBIDDEN', /\b403\b|forbidden|AccessDenied|not authori[sz]ed/i],
  ['THROTTLED', /\b429\b|throttl|too many requests|rate exceeded/i],
  ['SERVER_ERROR', /\b5\d\d\b|internal (server )?error|unavailable/i],
];

/** The stable code of an audit error message. */
export function auditErrorCode(message: string): AuditErrorCode {
  return (
    CODE_RULES.find(([, pattern]) => pattern.test(message))?.[0] ??
    'AUDIT_ERROR'
  );
}

/** An audit error as served: its code, and its message without endpoints. */
export function serveAuditError(error: RecordedRunError): AuditRunError {
  return {
    ...(error.cluster !== undefined ? { cluster: error.cluster } : {}),
    code: auditErrorCode(error.message),
    message: redactEndpoints(error.message),
  };
}
