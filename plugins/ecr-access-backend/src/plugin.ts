import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readEcrAccessClusters } from './config/clusters';
import { readAuditSchedule } from './config/schedule';

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
      },
      async init({ config, logger }) {
        // Read eagerly: a configuration mistake stops start-up with the key to fix, rather
        // than surfacing as a failed audit half an hour later.
        const clusters = readEcrAccessClusters(config);
        const schedule = readAuditSchedule(config);
        logger.info(
          `ecr-access configured for ${clusters.length} cluster(s): ${
            clusters.map(c => `${c.name} (${c.imagePullAuth})`).join(', ') ||
            'none'
          }; audit every ${JSON.stringify(schedule.frequency)}`,
        );
      },
    });
  },
});
