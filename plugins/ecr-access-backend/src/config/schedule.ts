import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';

/**
 * The audit's cadence. Every 30 minutes keeps a status no staler than a refresher CronJob
 * usually runs, and is gentle on API servers since an audit costs a few LISTs per cluster.
 */
export const DEFAULT_AUDIT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
};

/** Reads `ecrAccess.schedule`, falling back to {@link DEFAULT_AUDIT_SCHEDULE}. */
export function readAuditSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig('ecrAccess.schedule');
  if (!schedule) return DEFAULT_AUDIT_SCHEDULE;
  // The configured keys over the defaults, keeping the key prefix so that errors name the
  // full path (`ecrAccess.schedule.frequency`).
  const withDefaults = new ConfigReader(
    schedule.get<object>(),
    'app-config',
    new ConfigReader(DEFAULT_AUDIT_SCHEDULE as object),
    'ecrAccess.schedule',
  );
  return readSchedulerServiceTaskScheduleDefinitionFromConfig(withDefaults);
}
