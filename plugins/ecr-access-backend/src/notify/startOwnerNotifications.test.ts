import {
  createBackendPlugin,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { ecrAccessPlugin } from '../plugin';
import { NOTIFY_TASK_ID } from './startOwnerNotifications';

type MockScheduler = SchedulerService & {
  factory(options: { skipTaskRunOnStartup?: boolean }): never;
};

/** Stands for @backstage/plugin-notifications-backend: only its id matters here. */
const notificationsBackend = createBackendPlugin({
  pluginId: 'notifications',
  register(env) {
    env.registerInit({ deps: {}, async init() {} });
  },
});

/** Starts the plugin (no cluster), maybe beside the notifications plugin. */
async function start(options: {
  notifications?: JsonObject;
  withNotificationsBackend?: boolean;
}) {
  const scheduler = mockServices.scheduler() as MockScheduler;
  const logger = mockServices.logger.mock();
  const backend = await startTestBackend({
    features: [
      ecrAccessPlugin,
      ...(options.withNotificationsBackend ? [notificationsBackend] : []),
      mockServices.rootConfig.factory({
        data: {
          ecrAccess: options.notifications
            ? { notifications: options.notifications }
            : {},
        },
      }),
      scheduler.factory({ skipTaskRunOnStartup: true }),
      logger.factory,
    ],
  });
  const tasks = (await scheduler.getScheduledTasks()).map(t => t.id);
  await backend.stop();
  return { notifying: tasks.includes(NOTIFY_TASK_ID), logger };
}

describe('notifications to owners at start-up', () => {
  it('are on when the notifications plugin runs in the same backend', async () => {
    expect((await start({ withNotificationsBackend: true })).notifying).toBe(
      true,
    );
  });

  it('are off, and say so, where the notifications plugin is not installed: the plugin still starts', async () => {
    const { notifying, logger } = await start({});
    expect(notifying).toBe(false);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'notifications to owners are off (the notifications plugin is not installed in this backend',
      ),
    );
  });

  it('follow ecrAccess.notifications.enabled when it is set', async () => {
    expect((await start({ notifications: { enabled: true } })).notifying).toBe(
      true,
    );
    const off = await start({
      notifications: { enabled: false },
      withNotificationsBackend: true,
    });
    expect(off.notifying).toBe(false);
    expect(off.logger.info).toHaveBeenCalledWith(
      expect.stringContaining('ecrAccess.notifications.enabled is false'),
    );
  });

  it.each([
    [{ expiryWindow: 'two hours' }, "'ecrAccess.notifications.expiryWindow'"],
    [{ expiryWindow: { hours: 0 } }, "'ecrAccess.notifications.expiryWindow'"],
    [{ frequency: { parsecs: 1 } }, "'ecrAccess.notifications.frequency'"],
    [
      { severities: ['error', 'info'] },
      "'ecrAccess.notifications.severities[1]'",
    ],
    [{ enabled: 'sometimes' }, 'ecrAccess.notifications.enabled'],
  ])('refuses to start on %j, naming the key', async (notifications, key) => {
    await expect(start({ notifications })).rejects.toThrow(key);
  });
});
