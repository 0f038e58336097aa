import type {
  Health,
  PullAuth,
  RuntimeIdentity,
} from '@ecr-access/plugin-ecr-access-common';

/** The words people use for each pull mechanism; shown next to every status colour. */
export const PULL_AUTH_LABELS: Record<PullAuth, string> = {
  'service-account-role': 'IRSA for pulls',
  'rotating-secret': 'Rotating secret',
  'static-secret': 'Static secret',
  'node-role': 'Node role',
  'fargate-role': 'Fargate role',
  anonymous: 'Anonymous',
  unknown: 'Unknown',
};

export const HEALTH_LABELS: Record<Health, string> = {
  ok: 'Healthy',
  warning: 'Warning',
  error: 'Broken',
  unknown: 'Unknown health',
};

export const RUNTIME_IDENTITY_LABELS: Record<RuntimeIdentity, string> = {
  irsa: 'IRSA',
  'pod-identity': 'EKS Pod Identity',
  'node-role': 'Node role',
  none: 'None',
};

export function pullAuthLabel(pullAuth: PullAuth): string {
  return PULL_AUTH_LABELS[pullAuth] ?? pullAuth;
}
