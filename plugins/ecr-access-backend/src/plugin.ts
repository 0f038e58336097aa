import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { ecrAccessPermissions } from '@ecr-access/plugin-ecr-access-common';
import { readEcrAccessClusters } from '@ecr-access/plugin-ecr-access-node/clients';
import { registerEcrAccessActions } from './actions';
import { readAuditSchedule } from './config/schedule';
import { DatabaseEcrAccessStore } from './database';
import { createRouter } from './service/router';
import { createAudit } from './audit/createAudit';
import { aggregateStatus } from './audit/pipeline';
import { readNotifyOptions, startOwnerNotifications } from './notify';

/**
 * The ecr-access backend plugin: audits how the workloads of every catalog entity
 * authenticate their ECR image pulls.
 *
 * @public
 */
export const ecrAccessPlugin = createBackendPlugin({
  pluginId: 'ecr-access',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        actionsRegistry: actionsRegistryServiceRef,
        catalog: catalogServiceRef,
        // Always resolvable (its default factory posts to the notifications backend);
        // whether it is used is decided at start-up (see startOwnerNotifications).
        notifications: notificationService,
        instanceMetadata: coreServices.rootInstanceMetadata,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, permissionsRegistry } =
          deps;
        // Read eagerly: a configuration mistake stops start-up with the key to fix, rather
        // than surfacing as a failed audit half an hour later.
        const clusters = readEcrAccessClusters(config);
        const schedule = readAuditSchedule(config);
        const notify = readNotifyOptions(config);
        logger.info(
          `ecr-access configured for ${clusters.length} cluster(s): ${
            clusters.map(c => `${c.name} (${c.imagePullAuth})`).join(', ') ||
            'none'
          }; audit every ${JSON.stringify(schedule.frequency)}`,
        );

        // The store persists; an entity's status is the pipeline's aggregate, handed to it.
        const store = await DatabaseEcrAccessStore.create({
          database,
          aggregate: aggregateStatus,
        });
        const audit = createAudit({ ...deps, clusters, store, schedule });
        await audit.start();
        // Owners are told before pulls break (expiring secrets, failing refreshers, errors).
        await startOwnerNotifications({ ...deps, options: notify, store });
        permissionsRegistry.addPermissions(ecrAccessPermissions);
        httpRouter.use(
          await createRouter({
            ...deps,
            store,
            // With no cluster configured there is nothing to re-check: refresh answers 503.
            refresher: clusters.length
              ? {
                  refreshEntity: async ref => audit.refreshEntity(ref),
                }
              : undefined,
          }),
        );
        // Read-only actions for AI assistants (MCP), answered through the routes above.
        registerEcrAccessActions(deps);
      },
    });
  },
});
