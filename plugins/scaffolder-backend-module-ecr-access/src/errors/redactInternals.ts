/**
 * What a task log, a dry run's answer or an action's error may not show of the backend: the
 * errors of Node's network stack, the Kubernetes client and the AWS SDK name the cluster's API
 * server and the endpoints (`request to https://10.0.0.1:443/api/v1/… failed, reason: connect
 * ECONNREFUSED 10.0.0.1:443`), and file-system errors name the backend's folders. The person
 * running a template needs neither, and an attacker would like both.
 */

const REDACTED = '<redacted>';

/**
 * In order: URLs (any scheme), bracketed IPv6 and IPv4 addresses (with a port), then absolute
 * file paths under the usual roots of a server or a workstation. Host names are kept: an ECR
 * registry host or a role ARN is what the person typed, and what an error must name.
 */
const INTERNAL_PATTERNS: RegExp[] = [
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>()]+/gi,
  /\[[0-9a-f:.]*:[0-9a-f:.]*\](?::\d+)?/gi,
  /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g,
  /(?<![\w.:/-])\/(?:tmp|var|home|Users|usr|opt|srv|app|work|root|etc|private|proc|mnt|run|snap|workspace|builds?)(?:\/[^\s'"`<>()]*)?/g,
  /(?<![\w])[A-Za-z]:\\[^\s'"<>()]*/g,
];

/** Bare IPv6 addresses (`::1`, `fd00::1`) as Node prints them after ECONNREFUSED. */
const BARE_IPV6 = /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi;

/**
 * `text` with every URL, IP address and absolute file path replaced, and the task's workspace
 * (wherever it is) named as such.
 */
export function redactInternals(text: string, workspacePath?: string): string {
  let redacted = workspacePath
    ? text.split(workspacePath).join('<workspace>')
    : text;
  for (const pattern of INTERNAL_PATTERNS) {
    redacted = redacted.replace(pattern, REDACTED);
  }
  return redacted.replace(BARE_IPV6, match =>
    // "10:00:00" in a time is not an address: an IPv6 address has a hex letter or "::".
    /[a-f]|::/i.test(match) ? REDACTED : match,
  );
}
