import {
  findingDefinition,
  type ContainerStatus,
  type EntityStatus,
  type Finding,
  type FindingCode,
} from '@ecr-access/plugin-ecr-access-common';
import type { NotifySeverity } from './notifyConfig';

/** A pull secret that nothing healthy rewrites: its token expires at `expiresAt`. */
export interface UnrefreshedSecret {
  cluster: string;
  namespace: string;
  name: string;
  expiresAt: number;
}

/** A finding about a refresher (REFRESHER_FAILING, REFRESHER_TOO_SLOW). */
export interface RefresherProblem {
  cluster: string;
  code: FindingCode;
  subject: string;
  message: string;
  severity: NotifySeverity;
}

/**
 * What the notification rules read of a stored status: small, so that a replica can keep it
 * between evaluations and only the clock moves.
 */
export interface NotifyFacts {
  entityRef: string;
  /** The sentence for people, as stored. */
  summary: string;
  health: EntityStatus['health'];
  /** False when no cluster was read for the entity yet. */
  checked: boolean;
  /** Clusters the latest audit could not read: what was there is unknown, not gone. */
  unreadableClusters: string[];
  secrets: UnrefreshedSecret[];
  refreshers: RefresherProblem[];
  /** The first error finding, which an `error` health always names. */
  firstError?: Pick<Finding, 'code' | 'message' | 'remediation'>;
}

const REFRESHER_CODES: ReadonlySet<FindingCode> = new Set([
  'REFRESHER_FAILING',
  'REFRESHER_TOO_SLOW',
]);

/** A refresher with one of these findings does not keep its secret from expiring. */
function refresherUnhealthy(container: ContainerStatus): boolean {
  return container.findings.some(f => REFRESHER_CODES.has(f.code));
}

function unrefreshed(container: ContainerStatus): boolean {
  if (container.pullAuth === 'static-secret') return true;
  return (
    container.pullAuth === 'rotating-secret' && refresherUnhealthy(container)
  );
}

function secretsOf(status: EntityStatus): UnrefreshedSecret[] {
  const byKey = new Map<string, UnrefreshedSecret>();
  for (const workload of status.workloads) {
    for (const container of workload.containers) {
      const secret = container.secret;
      const expiresAt = Date.parse(secret?.expiresAt ?? '');
      // No expiry is known for a secret of another registry: nothing to tell.
      if (!secret || Number.isNaN(expiresAt) || !unrefreshed(container)) {
        continue;
      }
      const item = {
        cluster: workload.cluster,
        namespace: secret.namespace,
        name: secret.name,
        expiresAt,
      };
      byKey.set(`${item.cluster}/${item.namespace}/${item.name}`, item);
    }
  }
  return [...byKey.values()];
}

function refreshersOf(status: EntityStatus): RefresherProblem[] {
  const byKey = new Map<string, RefresherProblem>();
  for (const workload of status.workloads) {
    for (const f of workload.findings) {
      if (!REFRESHER_CODES.has(f.code)) continue;
      byKey.set(`${workload.cluster}/${f.code}/${f.subject}`, {
        cluster: workload.cluster,
        code: f.code,
        subject: f.subject,
        message: f.message,
        severity: f.severity === 'warning' ? 'warning' : 'error',
      });
    }
  }
  return [...byKey.values()];
}

/** The facts of a stored status the rules need (see {@link NotifyFacts}). */
export function notifyFactsOf(
  status: EntityStatus,
  summary: string,
): NotifyFacts {
  const firstError = status.findings.find(f => f.severity === 'error');
  return {
    entityRef: status.entityRef,
    summary,
    health: status.health,
    checked: status.checked !== false,
    unreadableClusters: status.clusters
      .filter(c => !c.reachable)
      .map(c => c.cluster),
    secrets: secretsOf(status),
    refreshers: refreshersOf(status),
    firstError: firstError && {
      code: firstError.code,
      message: firstError.message,
      remediation:
        firstError.remediation ||
        findingDefinition(firstError.code).remediation,
    },
  };
}
