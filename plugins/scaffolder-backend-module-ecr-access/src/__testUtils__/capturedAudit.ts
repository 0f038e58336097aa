import type { AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { recordSaid } from '@ecr-access/test-utils';

/** One audit event as the actions reported it: how it began, and its outcome if reported. */
export interface CapturedEvent {
  eventId: string;
  severityLevel?: string;
  meta: Record<string, unknown>;
  outcome?: 'success' | 'fail';
  /** What `success` or `fail` added to the meta. */
  outcomeMeta?: Record<string, unknown>;
  /** The message of the error `fail` was given. */
  error?: string;
}

/**
 * Backstage's auditor mock that keeps every event with its meta and outcome, in order, and
 * records everything said in them for the secrets check (`expectNothingSecretSaid`).
 * `outcomes()` is each event's id and outcome only.
 */
export function capturingAuditor() {
  const events: CapturedEvent[] = [];
  const said: unknown[] = [];
  recordSaid('audit events', said);
  const auditor = mockServices.auditor.mock({
    createEvent: async (options: AuditorServiceCreateEventOptions) => {
      const event: CapturedEvent = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: { ...options.meta },
      };
      events.push(event);
      said.push(options);
      return {
        success: async details => {
          Object.assign(event, { outcome: 'success' });
          if (details?.meta) event.outcomeMeta = { ...details.meta };
          said.push(details);
        },
        fail: async details => {
          Object.assign(event, {
            outcome: 'fail',
            error: details.error.message,
          });
          if (details.meta) event.outcomeMeta = { ...details.meta };
          said.push({ ...details, error: details.error.message });
        },
      };
    },
  });
  return Object.assign(auditor, {
    events,
    outcomes: () =>
      events.map(({ eventId, outcome }) => ({ eventId, outcome })),
  });
}
