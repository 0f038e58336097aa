import { parseEntityRef } from '@backstage/catalog-model';
import type {
  NotificationPayload,
  NotificationSeverity,
} from '@backstage/plugin-notifications-common';
import type { Condition } from './conditions';
import { conditionLabel } from './conditions';
import type { NotifySeverity } from './notifyConfig';

/** The notifications' topic: users can mute it in their notification settings. */
export const NOTIFICATION_TOPIC = 'ecr-access';

const SEVERITY: Record<NotifySeverity, NotificationSeverity> = {
  error: 'high',
  warning: 'normal',
};

/** The entity page in the catalog (relative: the notifications backend resolves it). */
export function entityLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind,
  )}/${encodeURIComponent(name)}`;
}

/**
 * One scope per entity and condition: the "resolved" notification replaces the one that
 * raised it in each owner's inbox rather than standing beside it.
 */
export function notificationScope(entityRef: string, key: string): string {
  return `ecr-access:${entityRef}:${key}`;
}

function entityName(entityRef: string): string {
  return parseEntityRef(entityRef).name;
}

/** The notification of a new condition: what, the sentence, and what to do. */
export function raisedPayload(
  entityRef: string,
  summary: string,
  condition: Condition,
): NotificationPayload {
  const remediation = condition.remediation
    ? `\nWhat to do: ${condition.remediation}`
    : '';
  return {
    title: `${entityName(entityRef)}: ${condition.headline}`,
    description: `${condition.detail}\nNow: ${summary}${remediation}`,
    link: entityLink(entityRef),
    severity: SEVERITY[condition.severity],
    topic: NOTIFICATION_TOPIC,
    scope: notificationScope(entityRef, condition.key),
  };
}

/** The notification that a condition is gone, with the entity's sentence now. */
export function resolvedPayload(
  entityRef: string,
  summary: string,
  key: string,
): NotificationPayload {
  return {
    title: `Resolved: ${entityName(entityRef)}: ${conditionLabel(key)}`,
    description: `Now: ${summary}`,
    link: entityLink(entityRef),
    severity: 'low',
    topic: NOTIFICATION_TOPIC,
    scope: notificationScope(entityRef, key),
  };
}
