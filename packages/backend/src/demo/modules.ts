import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createApplyManifestsAction } from './applyManifestsAction';
import { readDemoSandboxConfig } from './demoConfig';
import { createRefreshStatusAction } from './refreshStatusAction';
import { createRegisterLocalAction } from './registerLocalAction';

/**
 * The demo's stand-ins for a Git host and a GitOps controller: scaffolder actions that apply
 * the rendered manifests to a sandbox cluster, publish to a local folder and register it, and
 * refresh the new entity's ECR access status. Installs nothing unless
 * `ecrAccessDemo.sandbox.enabled` is true.
 */
export const scaffolderModuleEcrAccessDemo = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ecr-access-demo',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
      },
      async init({
        scaffolder,
        config,
        logger,
        catalog,
        discovery,
        auth,
        auditor,
      }) {
        const demo = readDemoSandboxConfig(config);
        if (!demo.enabled) return;
        logger.warn(
          'The demo-only ecr-access-demo:* actions are installed (ecrAccessDemo config); never enable them in a real installation',
        );
        scaffolder.addActions(
          createApplyManifestsAction({ config, auditor }),
          createRegisterLocalAction({
            catalog,
            publishDirectory: demo.publishDirectory,
          }),
          createRefreshStatusAction({ discovery, auth }),
        );
      },
    });
  },
});

/**
 * Lets the catalog accept `file` locations through its API (by default only `url`), which is how
 * `ecr-access-demo:catalog:register-local` registers a published service. Only with
 * `ecrAccessDemo.sandbox.enabled`: on a shared backend it would let users register files of the
 * backend's machine.
 */
export const catalogModuleEcrAccessDemo = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ecr-access-demo',
  register(env) {
    env.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations, config }) {
        if (!readDemoSandboxConfig(config).enabled) return;
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});
