import type { Health, PullAuth } from '@ecr-access/plugin-ecr-access-common';
import type { StatusTone } from './StatusLabel';

/**
 * The colour of a mechanism on its own. A static secret is at least a warning because it
 * expires 12 hours after it was written whatever its state today; IRSA, the node role and the
 * Fargate role are what AWS recommends; unknown means the audit could not tell.
 */
const MECHANISM_TONES: Record<PullAuth, StatusTone> = {
  'service-account-role': 'ok',
  'node-role': 'ok',
  'fargate-role': 'ok',
  'rotating-secret': 'ok',
  anonymous: 'ok',
  'static-secret': 'warning',
  unknown: 'unknown',
};

const RANK: Record<StatusTone, number> = {
  neutral: 0,
  ok: 1,
  warning: 2,
  unknown: 3,
  error: 4,
};

export function healthTone(health: Health): StatusTone {
  return health;
}

/** The colour of a mechanism in context: the worse of the mechanism's and the health's. */
export function pullAuthTone(pullAuth: PullAuth, health: Health): StatusTone {
  const a = MECHANISM_TONES[pullAuth] ?? 'unknown';
  const b = healthTone(health);
  return RANK[a] >= RANK[b] ? a : b;
}
