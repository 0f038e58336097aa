import {
  ClusterAuditState,
  ContainerStatus,
  EntityStatus,
  Finding,
  WorkloadStatus,
} from './model';
import { PullAuth } from './status';
import { timedFindingMessage } from './timedFindings';
import { timedAt, wordTimed } from './timedText';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** An ECR authorization token's life. */
const TOKEN_LIFE = 12 * HOUR;

/**
 * A short human duration: "less than a minute", "5 min", "1 h 40 min", "30 h", "3 days".
 *
 * Within a token's 12-hour life the minutes are kept: the card shows the secret's countdown
 * to the second ("1 h 39 min 58 s") beside the sentence, and "expires in 1 h" read as a
 * different age from the same instant.
 *
 * @internal
 */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < TOKEN_LIFE) {
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    const hours = `${Math.floor(abs / HOUR)} h`;
    return minutes ? `${hours} ${minutes} min` : hours;
  }
  if (abs < 2 * DAY) return `${Math.floor(abs / HOUR)} h`;
  return `${Math.floor(abs / DAY)} days`;
}

/**
 * How the sentence says times: in words by `now`, or `timed`, each time kept as its instant
 * for the reader's clock to word (`timedText.ts`).
 */
interface Words {
  now: Date;
  timed: boolean;
}

function ago(iso: string | undefined, words: Words): string | undefined {
  if (words.timed) return timedAt(iso, 'ago');
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t)
    ? undefined
    : `${formatDuration(words.now.getTime() - t)} ago`;
}

/** A finding's message in the sentence: timed too when the sentence is. */
function messageOf(
  f: Finding,
  w: WorkloadStatus | undefined,
  words: Words,
): string {
  return words.timed && w ? timedFindingMessage(f, w) : f.message;
}

function roleName(arn: string | undefined): string {
  return arn?.split('/').pop() || 'unknown role';
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

function firstOf(
  findings: Finding[],
  severity: Finding['severity'],
): Finding | undefined {
  return findings.find(f => f.severity === severity);
}

function refresherText(c: ContainerStatus, words: Words): string {
  const secret = c.secret;
  const refresher = secret?.refresher;
  const when = ago(secret?.lastWriteAt, words);
  const by = refresher ? ` by ${refresher.kind} ${refresher.name}` : '';
  if (when) return `, refreshed ${when}${by}`;
  return by ? `, refreshed${by}` : '';
}

function expiryText(c: ContainerStatus, words: Words): string {
  const expiresAt = c.secret?.expiresAt ? Date.parse(c.secret.expiresAt) : NaN;
  if (Number.isNaN(expiresAt)) return c.secret ? ` (${c.secret.name})` : '';
  if (words.timed) return ` that ${timedAt(c.secret?.expiresAt, 'expires')}`;
  const delta = expiresAt - words.now.getTime();
  return delta <= 0
    ? ` that expired ${formatDuration(delta)} ago`
    : ` that expires in ${formatDuration(delta)}`;
}

/** A pull secret's sentence, and who pulls in its place when it no longer works. */
function secretClause(c: ContainerStatus, words: Words): string {
  const base =
    c.pullAuth === 'rotating-secret'
      ? `Pulls use a rotating secret${refresherText(c, words)}`
      : `Pulls use a static secret${expiryText(c, words)}`;
  if (!c.effectivePullAuth) return base;
  const who =
    c.effectivePullAuth === 'service-account-role'
      ? `IRSA (role ${roleName(c.pullRoleArn)})`
      : MECHANISM_NAMES[c.effectivePullAuth];
  return `${base}; ${who} pulls in its place`;
}

/**
 * A credential the kubelet pulls with (IRSA, node or Fargate role). "Pulls use X" is said
 * only when X can pull: otherwise the clause says what is set up and why it fails.
 */
function roleClause(
  w: WorkloadStatus,
  c: ContainerStatus,
  words: Words,
): string {
  const what =
    c.pullAuth === 'service-account-role'
      ? `IRSA (role ${roleName(c.pullRoleArn ?? w.ecrRoleArn)})`
      : MECHANISM_NAMES[c.pullAuth];
  const where = c.pullAuth === 'service-account-role' ? ` on ${w.cluster}` : '';
  const error = firstOf(c.findings, 'error');
  if (error) {
    return `Pulls with ${what}${where} fail: ${messageOf(error, w, words)}`;
  }
  const unknown = firstOf(c.findings, 'unknown');
  if (unknown) {
    return `Pulls are set up to use ${what}${where}, but whether it can pull is unknown: ${messageOf(
      unknown,
      w,
      words,
    )}`;
  }
  const runtimeOnly =
    c.pullAuth === 'node-role' && w.runtimeIdentity === 'irsa'
      ? '; the IRSA role serves runtime calls only'
      : '';
  return `Pulls use ${what}${where}${runtimeOnly}`;
}

function pullClause(
  w: WorkloadStatus,
  c: ContainerStatus | undefined,
  words: Words,
): string {
  const auth = c?.pullAuth ?? w.pullAuth;
  if (auth === 'anonymous') return 'Pulls are anonymous (public images)';
  if (auth === 'unknown' || !c) {
    const why =
      firstOf(c?.findings ?? [], 'unknown') ?? firstOf(w.findings, 'unknown');
    return `Pull authentication is unknown${
      why ? `: ${messageOf(why, w, words)}` : ''
    }`;
  }
  return roleClause(w, c, words);
}

function primaryContainer(w: WorkloadStatus): ContainerStatus | undefined {
  return (
    w.containers.find(c => !c.init && c.pullAuth === w.pullAuth) ??
    w.containers.find(c => c.pullAuth === w.pullAuth)
  );
}

/** Other containers (often init containers) may pull another way. */
function otherMechanisms(
  w: WorkloadStatus,
  primary: ContainerStatus | undefined,
): string {
  const others = [
    ...new Set(
      w.containers.map(c => c.pullAuth).filter(p => p !== primary?.pullAuth),
    ),
  ];
  if (others.length === 0) return '';
  return ` (other containers: ${others
    .map(p => MECHANISM_NAMES[p] ?? p)
    .join(', ')})`;
}

/** Whether the sentence already tells this error (an expiry is told as "expired … ago"). */
function tells(
  sentence: string,
  f: Finding,
  w: WorkloadStatus,
  words: Words,
): boolean {
  if (sentence.includes(messageOf(f, w, words))) return true;
  const plain = words.timed ? wordTimed(sentence, words.now) : sentence;
  return f.code === 'SECRET_EXPIRED' && plain.includes('expired');
}

/**
 * A sentence never contradicts health: an `error` workload's sentence names an error, on
 * either axis (the pull, or the pod's own role and ServiceAccount).
 */
function untoldError(
  w: WorkloadStatus,
  sentence: string,
  words: Words,
): string {
  if (w.health !== 'error') return '';
  const errors = w.findings.filter(f => f.severity === 'error');
  if (errors.some(f => tells(sentence, f, w, words))) return '';
  return errors.length ? `; ${messageOf(errors[0], w, words)}` : '';
}

function describeWorkload(w: WorkloadStatus, words: Words): string {
  const c = primaryContainer(w);
  const pull =
    c && (c.pullAuth === 'static-secret' || c.pullAuth === 'rotating-secret')
      ? secretClause(c, words)
      : pullClause(w, c, words);
  const sentence = pull + otherMechanisms(w, c);
  return sentence + untoldError(w, sentence, words);
}

/** "2026-12-03 07:08 UTC": a time that stays true in a stored sentence. */
function utcMinute(iso: string | undefined): string | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return undefined;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * "edge-euw1 unreachable since 2026-12-03 07:08 UTC, last read 2026-12-03 05:00 UTC" / "…,
 * never read". Absolute times: the sentence is stored, and a cluster that stays down does not
 * rewrite its entities on every audit.
 */
function unreachableText(c: ClusterAuditState): string {
  const since = utcMinute(c.unreachableSince ?? c.checkedAt);
  const last = utcMinute(c.lastSuccessAt);
  return `${c.cluster} unreachable${since ? ` since ${since}` : ''}, ${
    last ? `last read ${last}` : 'never read'
  }`;
}

function staleText(status: EntityStatus): string {
  const down = (status.clusters ?? []).filter(c => !c.reachable);
  return down.length
    ? down.map(unreachableText).join('; ')
    : 'a cluster was unreachable';
}

/**
 * One sentence for people about how a workload or entity pulls its images,
 * e.g. "Pulls use IRSA (role web-pull) on prod-use1". It never contradicts
 * health: "Pulls use X" only where X can pull, and an `error` status names its
 * error. For an entity with several mechanisms the distinct sentences are
 * joined with "; "; an entity not yet read anywhere is "Not yet checked", and
 * a stale one names each cluster that could not be read. `now` is passed in
 * so that the text is deterministic.
 *
 * @internal
 */
export function describePullStatus(
  status: WorkloadStatus | EntityStatus,
  now: Date,
): string {
  return describe(status, { now, timed: false });
}

/**
 * {@link describePullStatus}'s sentence as a timed text (`timedText.ts`): each age (a
 * secret's expiry, its last write, and those in the findings it quotes) kept as its instant,
 * for the reader's clock to word. `wordTimed(describePullStatusTimed(s, now), now)` is the
 * sentence (the findings' ages in the same words as the sentence's own).
 *
 * @internal
 */
export function describePullStatusTimed(
  status: WorkloadStatus | EntityStatus,
  now: Date,
): string {
  return describe(status, { now, timed: true });
}

function describe(status: WorkloadStatus | EntityStatus, words: Words): string {
  if (!('workloads' in status)) return describeWorkload(status, words);
  if (status.checked === false) {
    return status.stale
      ? `Not yet checked: ${staleText(status)}`
      : 'Not yet checked';
  }
  if (status.workloads.length === 0) {
    // An unparsable selector matches nothing: that is not "no workloads".
    const malformed = status.findings.find(f => f.code === 'INPUT_MALFORMED');
    const text = malformed
      ? `No workloads could be matched: ${malformed.message}`
      : 'No workloads found';
    return status.stale ? `${text} (stale: ${staleText(status)})` : text;
  }
  const sentences = [
    ...new Set(status.workloads.map(w => describeWorkload(w, words))),
  ];
  // Later sentences continue the first one: "…; pulls are anonymous".
  const text = sentences
    .map((t, i) => (i === 0 ? t : t.charAt(0).toLowerCase() + t.slice(1)))
    .join('; ');
  return status.stale ? `${text} (stale: ${staleText(status)})` : text;
}
