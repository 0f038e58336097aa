import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';

// As plain JSON, so that configured keys can be laid over it (see readAuditSchedule).
const DEFAULTS = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
} satisfies JsonObject;

/**
 * The audit's cadence. Every 30 minutes keeps a status no staler than a refresher CronJob
 * usually runs, and is gentle on API servers since an audit costs a few LISTs per cluster.
 */
export const DEFAULT_AUDIT_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  DEFAULTS;

/** Reads `ecrAccess.schedule`, falling back to {@link DEFAULT_AUDIT_SCHEDULE}. */
export function readAuditSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig('ecrAccess.schedule');
  if (!schedule) return DEFAULT_AUDIT_SCHEDULE;
  // Each configured key replaces its default whole: a fallback ConfigReader would merge the
  // duration objects key by key (`{ seconds: 2 }` over `{ minutes: 30 }` is 30 min 2 s). The
  // key prefix stays so that errors name the full path (`ecrAccess.schedule.frequency`).
  const withDefaults = new ConfigReader(
    {
      ...DEFAULTS,
      ...schedule.get<JsonObject>(),
    },
    'app-config',
    undefined,
    'ecrAccess.schedule',
  );
  return readSchedulerServiceTaskScheduleDefinitionFromConfig(withDefaults);
}
