import {
  createServiceFactory,
  type SchedulerService,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import type { JsonObject } from '@backstage/types';
import type { Sandbox } from '@ecr-access/sandbox';
import { demoEntities, sandboxAppConfig } from '@ecr-access/test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import { ecrAccessPlugin } from '../../plugin';

/** The scheduler of backend-test-utils, whose instance also makes its service factory. */
type MockScheduler = SchedulerService & {
  factory(options: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
};

/**
 * The plugin as installed over a running sandbox, with notifications on and every send
 * captured: no task runs by itself; the test triggers the audits and the evaluations.
 */
export async function startNotifyingBackend(options: {
  sandbox: Sandbox;
  knex: Knex;
  notifications: JsonObject;
  /** Where the sends go; a failing one stands for a notifications backend that is down. */
  send: (options: NotificationSendOptions) => Promise<void>;
}) {
  const scheduler = mockServices.scheduler() as MockScheduler;
  const config = sandboxAppConfig(options.sandbox, {
    ecrAccess: {
      schedule: { frequency: 'PT30M', timeout: 'PT1M' },
      refresh: { perCallerPerMinute: 10_000, perMinute: 10_000 },
      notifications: options.notifications,
    },
  });
  const backend = await startTestBackend({
    features: [
      ecrAccessPlugin,
      catalogServiceMock.factory({ entities: demoEntities() }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({ data: config }),
      scheduler.factory({ skipTaskRunOnStartup: true }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: options.send }),
      }),
    ],
  });
  const clusters = options.sandbox.clusters.map(c => c.name);
  return {
    backend,
    /** Audits every cluster once, as the scheduled tasks do. */
    audit: () =>
      Promise.all(
        clusters.map(c => scheduler.triggerTask(`ecr-access-audit:${c}`)),
      ),
    /** One evaluation of the notifications to owners. */
    evaluate: () => scheduler.triggerTask('ecr-access-notify-owners'),
    refresh: (name: string) =>
      request(backend.server)
        .post(`/api/ecr-access/entities/component/default/${name}/refresh`)
        .set('Authorization', mockCredentials.user.header()),
  };
}
