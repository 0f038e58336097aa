import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ecrAccessProvisionPermission } from '@ecr-access/plugin-ecr-access-common';
import { createApplyServiceAccountAction } from './actions/applyServiceAccount';
import { createIrsaRoleAction } from './actions/createIrsaRole';
import { createProvisionIrsaAction } from './actions/provisionIrsa';
import { createRenderManifestsAction } from './actions/renderManifests';
import { createRenderRemovalAction } from './actions/renderRemoval';
import { createRollbackIrsaAction } from './actions/rollbackIrsa';
import { createValidatePlanAction } from './actions/validatePlan';

/**
 * Registers the ecr-access actions with the scaffolder.
 *
 * @public
 */
export const scaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ecr-access',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        scaffolderActions,
        config,
        logger,
        permissions,
        auditor,
        permissionsRegistry,
      }) {
        // The scaffolder checks it, so the scaffolder lists it: policy authors find it there
        // even where the ecr-access backend plugin (which registers it too) is not installed.
        permissionsRegistry.addPermissions([ecrAccessProvisionPermission]);
        const options = { config, permissions, auditor };
        const actions = [
          createValidatePlanAction(options),
          createIrsaRoleAction(options),
          createApplyServiceAccountAction(options),
          createProvisionIrsaAction(options),
          createRollbackIrsaAction(options),
          createRenderManifestsAction({ config }),
          createRenderRemovalAction(),
        ];
        scaffolderActions.addActions(...actions);
        logger.info(`Registered ${actions.map(a => a.id).join(', ')}`);
      },
    });
  },
});
