import { ContainerStatus, EntityStatus, WorkloadStatus } from './model';
import { PullAuth } from './status';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A short human duration: "just now", "5 min", "2 h", "3 days".
 *
 * @public
 */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < 2 * DAY) return `${Math.floor(abs / HOUR)} h`;
  return `${Math.floor(abs / DAY)} days`;
}

function ago(iso: string | undefined, now: Date): string | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t)
    ? undefined
    : `${formatDuration(now.getTime() - t)} ago`;
}

function roleName(arn: string | undefined): string {
  return arn?.split('/').pop() || 'unknown role';
}

function refresherText(c: ContainerStatus, now: Date): string {
  const secret = c.secret;
  const refresher = secret?.refresher;
  const when = ago(secret?.lastWriteAt, now);
  const by = refresher ? ` by ${refresher.kind} ${refresher.name}` : '';
  if (when) return `, refreshed ${when}${by}`;
  return by ? `, refreshed${by}` : '';
}

function staticSecretText(c: ContainerStatus, now: Date): string {
  const expiresAt = c.secret?.expiresAt ? Date.parse(c.secret.expiresAt) : NaN;
  if (Number.isNaN(expiresAt)) {
    return `Pulls use a static secret${c.secret ? ` (${c.secret.name})` : ''}`;
  }
  const delta = expiresAt - now.getTime();
  return delta <= 0
    ? `Pulls use a static secret that expired ${formatDuration(delta)} ago`
    : `Pulls use a static secret that expires in ${formatDuration(delta)}`;
}

function primaryContainer(w: WorkloadStatus): ContainerStatus | undefined {
  return (
    w.containers.find(c => !c.init && c.pullAuth === w.pullAuth) ??
    w.containers.find(c => c.pullAuth === w.pullAuth)
  );
}

const MECHANISM_NAMES: Record<PullAuth, string> = {
  'service-account-role': 'IRSA',
  'node-role': 'the node role',
  'fargate-role': 'the Fargate pod execution role',
  'rotating-secret': 'a rotating secret',
  'static-secret': 'a static secret',
  anonymous: 'no credentials',
  unknown: 'an unknown mechanism',
};

/** Other containers (often init containers) may pull another way. */
function otherMechanisms(w: WorkloadStatus): string {
  const others = (w.pullAuths ?? []).filter(p => p !== w.pullAuth);
  if (others.length === 0) return '';
  return ` (other containers: ${others
    .map(p => MECHANISM_NAMES[p] ?? p)
    .join(', ')})`;
}

function describeWorkload(w: WorkloadStatus, now: Date): string {
  return primarySentence(w, now) + otherMechanisms(w);
}

function primarySentence(w: WorkloadStatus, now: Date): string {
  const c = primaryContainer(w);
  switch (w.pullAuth) {
    case 'service-account-role':
      return `Pulls use IRSA (role ${roleName(
        c?.pullRoleArn ?? w.ecrRoleArn,
      )}) on ${w.cluster}`;
    case 'node-role':
      return w.runtimeIdentity === 'irsa'
        ? 'Pulls use the node role; the IRSA role serves runtime calls only'
        : 'Pulls use the node role';
    case 'fargate-role':
      return 'Pulls use the Fargate pod execution role';
    case 'rotating-secret':
      return `Pulls use a rotating secret${c ? refresherText(c, now) : ''}`;
    case 'static-secret':
      return c ? staticSecretText(c, now) : 'Pulls use a static secret';
    case 'anonymous':
      return 'Pulls are anonymous (public images)';
    default: {
      const why = w.findings.find(f => f.severity === 'unknown');
      return `Pull authentication is unknown${why ? `: ${why.message}` : ''}`;
    }
  }
}

/**
 * One sentence for people about how a workload or entity pulls its images,
 * e.g. "Pulls use IRSA (role web-pull) on prod-use1". For an entity with
 * several mechanisms the distinct sentences are joined with "; ".
 * `now` is passed in so that the text is deterministic.
 *
 * @public
 */
export function describePullStatus(
  status: WorkloadStatus | EntityStatus,
  now: Date,
): string {
  if (!('workloads' in status)) return describeWorkload(status, now);
  if (status.workloads.length === 0) {
    return status.stale
      ? 'No workloads found; the last audit could not reach every cluster'
      : 'No workloads found';
  }
  const sentences = [
    ...new Set(status.workloads.map(w => describeWorkload(w, now))),
  ];
  // Later sentences continue the first one: "…; pulls are anonymous".
  const text = sentences
    .map((t, i) => (i === 0 ? t : t.charAt(0).toLowerCase() + t.slice(1)))
    .join('; ');
  return status.stale ? `${text} (stale: a cluster was unreachable)` : text;
}
