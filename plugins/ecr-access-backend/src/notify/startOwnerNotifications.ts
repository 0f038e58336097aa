import type {
  DatabaseService,
  LoggerService,
  RootInstanceMetadataService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { EcrAccessStore } from '../database';
import { NotificationLedger } from './NotificationLedger';
import type { NotifyOptions } from './notifyConfig';
import { OwnerNotifier } from './OwnerNotifier';

export const NOTIFY_TASK_ID = 'ecr-access-notify-owners';
/** A notifications backend that stays down is said once an hour, not every minute. */
const WARN_EVERY_MS = 60 * 60_000;

/**
 * Whether to send: as configured, else when the notifications plugin runs in this backend.
 * Without it, sends would fail every minute; a split deployment sets `enabled: true`.
 */
async function isEnabled(
  options: NotifyOptions,
  instanceMetadata: RootInstanceMetadataService,
): Promise<boolean> {
  if (options.enabled !== undefined) return options.enabled;
  const plugins = await instanceMetadata.getInstalledPlugins();
  return plugins.some(p => p.pluginId === 'notifications');
}

/**
 * Schedules the evaluation of notifications to owners (see `OwnerNotifier`): a global task,
 * run every `ecrAccess.notifications.frequency`, as a token's expiry comes near by time
 * passing, not only when an audit writes.
 */
export async function startOwnerNotifications(deps: {
  options: NotifyOptions;
  logger: LoggerService;
  scheduler: SchedulerService;
  database: DatabaseService;
  instanceMetadata: RootInstanceMetadataService;
  notifications: NotificationService;
  store: EcrAccessStore;
}): Promise<OwnerNotifier | undefined> {
  const { options, logger } = deps;
  if (!(await isEnabled(options, deps.instanceMetadata))) {
    logger.info(
      `ecr-access notifications to owners are off (${
        options.enabled === false
          ? 'ecrAccess.notifications.enabled is false'
          : 'the notifications plugin is not installed in this backend; set ecrAccess.notifications.enabled: true if it runs in another'
      })`,
    );
    return undefined;
  }
  const notifier = new OwnerNotifier({
    store: deps.store,
    ledger: new NotificationLedger(await deps.database.getClient()),
    notifications: deps.notifications,
    options,
  });
  let warnedAt = -Infinity;
  await deps.scheduler.scheduleTask({
    id: NOTIFY_TASK_ID,
    frequency: options.frequency,
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      try {
        const run = await notifier.evaluate();
        if (run.raised || run.resolved) {
          logger.info(
            `ecr-access notified owners: ${run.raised} new, ${run.resolved} resolved`,
          );
        }
      } catch (error) {
        const log = Date.now() - warnedAt > WARN_EVERY_MS ? 'warn' : 'debug';
        if (log === 'warn') warnedAt = Date.now();
        logger[log](
          `ecr-access notifications to owners paused until the next run: ${
            (error as Error).message
          }`,
        );
      }
    },
  });
  return notifier;
}
