import type { Condition, EntityConditions } from './conditions';
import type { NotifySeverity } from './notifyConfig';

/** A condition recorded as open for an entity (see `NotificationLedger`). */
export interface OpenCondition {
  entityRef: string;
  key: string;
  /** `raising` and `resolving`: a replica holds it while it sends. */
  state: 'raising' | 'raised' | 'resolving';
  claimedAtMs: number;
}

export interface Decision {
  /** New conditions: one notification each. */
  raise: Condition[];
  /** Open conditions that are gone: one "resolved" notification each. */
  resolve: OpenCondition[];
  /** Claims abandoned mid-send whose condition is gone: forgotten without a word. */
  drop: OpenCondition[];
}

/**
 * What to send for one entity: a pure function of its conditions now, what is recorded as
 * sent, the severities configured and the instant. A claim older than `leaseMs` belongs to
 * a replica that stopped while sending; it is taken over.
 */
export function decide(options: {
  conditions: EntityConditions;
  open: OpenCondition[];
  severities: ReadonlySet<NotifySeverity>;
  now: number;
  leaseMs: number;
}): Decision {
  const { conditions, severities, now, leaseMs } = options;
  const open = new Map(options.open.map(o => [o.key, o]));
  const abandoned = (o: OpenCondition) =>
    o.state !== 'raised' && now - o.claimedAtMs > leaseMs;
  const raise = conditions.active.filter(c => {
    const recorded = open.get(c.key);
    if (!severities.has(c.severity)) return false;
    return !recorded || (recorded.state === 'raising' && abandoned(recorded));
  });
  const activeKeys = new Set(conditions.active.map(c => c.key));
  const gone = options.open.filter(
    o => !activeKeys.has(o.key) && conditions.isKnownGone(o.key),
  );
  return {
    raise,
    resolve: gone.filter(
      o => o.state === 'raised' || (o.state === 'resolving' && abandoned(o)),
    ),
    drop: gone.filter(o => o.state === 'raising' && abandoned(o)),
  };
}
