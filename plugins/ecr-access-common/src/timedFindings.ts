import type {
  ContainerStatus,
  EntityStatus,
  Finding,
  PullSecretStatus,
  RefresherSummary,
  WorkloadStatus,
} from './model';
import { timedAt } from './timedText';

/** The instants a finding's subject has: a pull secret's, or its refresher's. */
interface SubjectTimes {
  secret?: PullSecretStatus;
  refresher?: RefresherSummary;
}

function containersOf(
  status: EntityStatus | WorkloadStatus,
): ContainerStatus[] {
  const workloads = 'workloads' in status ? status.workloads : [status];
  return workloads.flatMap(w => w.containers);
}

/** Each pull secret and refresher of the status, by the subject findings name it with. */
function subjectTimes(
  status: EntityStatus | WorkloadStatus,
): Map<string, SubjectTimes> {
  const times = new Map<string, SubjectTimes>();
  for (const { secret } of containersOf(status)) {
    if (!secret) continue;
    times.set(`Secret ${secret.namespace}/${secret.name}`, { secret });
    const r = secret.refresher;
    if (r) times.set(`${r.kind} ${r.namespace}/${r.name}`, { refresher: r });
  }
  return times;
}

/** When a refresher last succeeded, as the engine reckons it (its latest run, else). */
function lastSuccess(r: RefresherSummary | undefined): string | undefined {
  if (r?.lastSuccessAt) return r.lastSuccessAt;
  return r?.lastRun?.outcome === 'succeeded' ? r.lastRun.at : undefined;
}

/**
 * The engine's age phrases (-node's classifyContainer and refresherHealth word them at audit
 * time, in whole hours), each with the instant it counts from. A phrase whose instant the
 * status does not carry stays as written.
 */
const PHRASES: Array<{
  pattern: RegExp;
  timed: (t: SubjectTimes) => string | undefined;
}> = [
  {
    // SECRET_EXPIRED: "the ECR token in regcred expired 37 h ago (written 49 h ago)"
    pattern: /expired \d+ h ago \(written \d+ h ago\)/,
    timed: ({ secret }) => {
      const expired = timedAt(secret?.expiresAt, 'expires');
      const written = timedAt(secret?.lastWriteAt, 'ago');
      return expired && written && `${expired} (written ${written})`;
    },
  },
  {
    // SECRET_EXPIRES_SOON: "the ECR token in regcred expires in 2 h"
    pattern: /expires in \d+ h/,
    timed: ({ secret }) => timedAt(secret?.expiresAt, 'expires'),
  },
  {
    // REFRESHER_FAILING: "CronJob shop/ecr-refresh last succeeded 20 h ago"
    pattern: /last succeeded \d+ h ago/,
    timed: ({ refresher }) => {
      const at = timedAt(lastSuccess(refresher), 'ago');
      return at && `last succeeded ${at}`;
    },
  },
  {
    // REFRESHER_TOO_SLOW of a Job: "Job shop/once ran once (finished 5 h ago) and runs no more"
    pattern: /\(finished \d+ h ago\)/,
    timed: ({ refresher }) => {
      const at = timedAt(refresher?.lastRun?.at, 'ago');
      return at && `(finished ${at})`;
    },
  },
];

/**
 * A finding's message as a timed text (`timedText.ts`): each age the engine worded at audit
 * time ("expires in 3 h") replaced by its instant from `status` (the secret's expiry, the
 * refresher's last success), so that it is worded by the reader's clock.
 *
 * @internal
 */
export function timedFindingMessage(
  finding: Finding,
  status: EntityStatus | WorkloadStatus,
): string {
  const times = subjectTimes(status).get(finding.subject);
  if (!times) return finding.message;
  return PHRASES.reduce((message, { pattern, timed }) => {
    const replacement = pattern.test(message) ? timed(times) : undefined;
    return replacement ? message.replace(pattern, replacement) : message;
  }, finding.message);
}
