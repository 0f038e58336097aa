import type {
  AuditErrorCode,
  AuditRunError,
} from '@ecr-access/plugin-ecr-access-common';

/** What each stable error code means, in words. */
const ERROR_WORDS: Record<AuditErrorCode, string> = {
  CONNECTION_REFUSED: "The cluster's API server refused the connection",
  HOST_NOT_FOUND: "The API server's host name could not be resolved",
  TIMEOUT: 'The API server did not answer in time',
  TLS_FAILURE: 'The TLS connection to the API server failed',
  UNAUTHORIZED: "The API server did not accept the audit's credentials",
  FORBIDDEN: "The audit's identity is not allowed to read what it needs",
  THROTTLED: 'The audit was throttled (too many requests)',
  SERVER_ERROR: 'The API server answered with a server error',
  AUDIT_ERROR: 'The audit of this cluster failed',
};

/** The marker the API puts where it withheld a URL, host name or IP address. */
export const REDACTED = '<redacted>';

/** What <redacted> stands for, and why: said wherever a message holds it. */
export const WITHHELD =
  "Addresses withheld: the API replaces URLs, host names and IP addresses by <redacted>, since they would name the clusters' API servers to everyone who may read the audit. The cluster's address is in the backend's configuration.";

/** A run error in words: what happened, the detail, and what was withheld and why. */
export function runErrorWords(error: AuditRunError): {
  headline: string;
  detail: string;
  withheld?: string;
} {
  const withheld = error.message.includes(REDACTED) ? WITHHELD : undefined;
  return {
    headline: ERROR_WORDS[error.code] ?? error.code,
    detail: error.message,
    withheld,
  };
}
