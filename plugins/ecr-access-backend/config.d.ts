import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the ecr-access plugins. */
  ecrAccess?: {
    /**
     * How often the audit of every cluster runs, and how long one run may take.
     * Default: every 30 minutes, 10-minute timeout, first run 15 seconds after start-up.
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    // The clusters (`ecrAccess.clusters`) are declared by @ecr-access/plugin-ecr-access-node,
    // which the scaffolder module shares.
  };
}
