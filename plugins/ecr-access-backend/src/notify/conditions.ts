import {
  findingDefinition,
  formatDuration,
} from '@ecr-access/plugin-ecr-access-common';
import type { NotifySeverity } from './notifyConfig';
import type {
  NotifyFacts,
  RefresherProblem,
  UnrefreshedSecret,
} from './notifyFacts';

/**
 * Something the owners of an entity are told about, once, until it clears. `key` names it
 * within the entity across evaluations: `<kind>|<cluster>|<what>`, with no secret data.
 */
export interface Condition {
  key: string;
  severity: NotifySeverity;
  /** What, in a few words, for the title. */
  headline: string;
  /** The finding's message or the fact behind it. */
  detail: string;
  remediation: string;
}

/** The conditions of one entity at one instant. */
export interface EntityConditions {
  active: Condition[];
  /**
   * Whether a condition that is not active can be said to be gone: not when its cluster
   * could not be read, nor for an entity no audit has read (unknown is not resolved).
   */
  isKnownGone(key: string): boolean;
}

const SEP = '|';

/** A catalog title ("The refresher … is failing") inside a sentence; "IRSA" stays. */
const lowerFirst = (text: string) =>
  text.replace(/^[A-Z](?=[a-z])/, first => first.toLowerCase());

function secretKey(s: UnrefreshedSecret): string {
  return ['secret-expiry', s.cluster, `${s.namespace}/${s.name}`].join(SEP);
}

function refresherKey(r: RefresherProblem): string {
  return ['refresher', r.cluster, r.code, r.subject].join(SEP);
}

const HEALTH_ERROR_KEY = ['health-error', ''].join(SEP);

function secretCondition(s: UnrefreshedSecret, now: number): Condition {
  const left = s.expiresAt - now;
  const expired = left <= 0;
  const when = expired
    ? `expired ${formatDuration(left)} ago`
    : `expires in ${formatDuration(left)}`;
  const code = expired ? 'SECRET_EXPIRED' : 'SECRET_EXPIRES_SOON';
  return {
    key: secretKey(s),
    severity: expired ? 'error' : 'warning',
    headline: `pull secret ${s.namespace}/${s.name} on ${s.cluster} ${when}`,
    detail: `The ECR token in ${s.namespace}/${s.name} ${
      expired ? 'expired' : 'expires'
    } at ${new Date(
      s.expiresAt,
    ).toISOString()} and no healthy refresher rewrites it.`,
    remediation: findingDefinition(code).remediation,
  };
}

function refresherCondition(r: RefresherProblem): Condition {
  const definition = findingDefinition(r.code);
  return {
    key: refresherKey(r),
    severity: r.severity,
    headline: `${r.subject} on ${r.cluster}: ${lowerFirst(definition.title)}`,
    detail: r.message,
    remediation: definition.remediation,
  };
}

function healthCondition(facts: NotifyFacts): Condition {
  return {
    key: HEALTH_ERROR_KEY,
    severity: 'error',
    headline: `in error: ${lowerFirst(
      facts.firstError
        ? findingDefinition(facts.firstError.code).title
        : 'see its status',
    )}`,
    detail: facts.firstError?.message ?? facts.summary,
    remediation: facts.firstError?.remediation ?? '',
  };
}

/**
 * The rules: a pull secret without a healthy refresher whose token expires within the window
 * (or has expired), each refresher finding, and an entity whose health is `error`. A pure
 * function of the stored facts, the instant and the window.
 */
export function conditionsAt(
  facts: NotifyFacts,
  now: number,
  expiryWindowMs: number,
): EntityConditions {
  const active: Condition[] = [
    ...facts.secrets
      .filter(s => s.expiresAt - now <= expiryWindowMs)
      .map(s => secretCondition(s, now)),
    ...facts.refreshers.map(refresherCondition),
  ];
  if (facts.health === 'error') active.push(healthCondition(facts));
  const unreadable = new Set(facts.unreadableClusters);
  return {
    active,
    isKnownGone(key) {
      if (!facts.checked) return false;
      if (key === HEALTH_ERROR_KEY) return facts.health !== 'unknown';
      return !unreadable.has(key.split(SEP)[1]);
    },
  };
}

/** Names a condition from its key alone, for the notification that it is resolved. */
export function conditionLabel(key: string): string {
  const [kind, cluster, ...rest] = key.split(SEP);
  if (kind === 'secret-expiry') {
    return `pull secret ${rest[0]} on ${cluster} no longer about to expire`;
  }
  if (kind === 'refresher') {
    return `${rest[1]} on ${cluster} no longer reported ${rest[0]}`;
  }
  return 'no longer in error';
}
