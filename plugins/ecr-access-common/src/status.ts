/**
 * What authenticates an image pull (DESIGN.md "Status model"). The kubelet,
 * not the pod, pulls images, so this is a separate question from
 * {@link RuntimeIdentity}.
 *
 * @public
 */
export type PullAuth = (typeof PULL_AUTHS)[number];

/**
 * What the pod's own AWS SDK calls use.
 *
 * @public
 */
export type RuntimeIdentity = (typeof RUNTIME_IDENTITIES)[number];

/** Every runtime identity. @public */
export const RUNTIME_IDENTITIES = [
  'irsa',
  'pod-identity',
  'node-role',
  'none',
] as const;

/**
 * Overall health of a workload or entity: the worst of its findings.
 *
 * @public
 */
export type Health = (typeof HEALTHS)[number];

/**
 * Severity of one finding. `info` explains without degrading health.
 *
 * @public
 */
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** Every finding severity. @public */
export const FINDING_SEVERITIES = [
  'info',
  'warning',
  'error',
  'unknown',
] as const;

/** Every pull mechanism. @public */
export const PULL_AUTHS = [
  'service-account-role',
  'node-role',
  'fargate-role',
  'rotating-secret',
  'static-secret',
  'anonymous',
  'unknown',
] as const;

/** Every health value, from best to worst. @public */
export const HEALTHS = ['ok', 'warning', 'unknown', 'error'] as const;

/**
 * Rank of a health value, higher is worse. `unknown` ranks above `warning`
 * (we cannot claim a warning-only state when a fact is missing) and below
 * `error` (a known breakage is the more useful thing to show).
 *
 * @internal
 */
export function healthRank(health: Health): number {
  return HEALTHS.indexOf(health);
}

/** Health a finding severity implies (`info` is `ok`). @internal */
export function severityToHealth(severity: FindingSeverity): Health {
  return severity === 'info' ? 'ok' : severity;
}

/**
 * The worst of the given health values; `ok` for none.
 *
 * @internal
 */
export function worstHealth(healths: Iterable<Health>): Health {
  let worst: Health = 'ok';
  for (const h of healths) {
    if (healthRank(h) > healthRank(worst)) worst = h;
  }
  return worst;
}
