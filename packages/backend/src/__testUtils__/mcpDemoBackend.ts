import { createBackendModule } from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionBackendModuleAllowAllPolicy from '@backstage/plugin-permission-backend-module-allow-all-policy';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import type { JsonObject } from '@backstage/types';
import { actorKeepingAuth, userOf } from '@ecr-access/test-utils';
import { demoTestConfig, demoTestFeatures } from './demoBackend';

/**
 * The demo's allow-all policy, except that `deniedReader` may read nothing in the catalog:
 * the user without read permission the MCP test asks as.
 */
function denyCatalogReadPolicy(deniedReader: string) {
  return createBackendModule({
    pluginId: 'permission',
    moduleId: 'mcp-test-policy',
    register(env) {
      env.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy({
            async handle(request, user) {
              // The catalog's read permission (catalogEntityReadPermission).
              const denied =
                request.permission.name === 'catalog.entity.read' &&
                userOf(user?.credentials) === deniedReader;
              return {
                result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
              };
            },
          });
        },
      });
    },
  });
}

/**
 * The demo backend (`demoFeatures`, with the MCP actions backend serving ecr-access's
 * actions) in a test backend, but deciding permissions for real: the test backend's
 * permissions service allows everything whatever the policy, so the real one asks the
 * permission backend, whose policy is the demo's allow-all but for `deniedReader`'s catalog
 * reads. The rest as `startDemoBackend`: in-memory SQLite, guest sign-in, the app's base URLs.
 */
export function startMcpDemoBackend(
  config: JsonObject,
  options: { deniedReader: string },
) {
  return startTestBackend({
    features: [
      ...demoTestFeatures.filter(
        f => f !== permissionBackendModuleAllowAllPolicy,
      ),
      denyCatalogReadPolicy(options.deniedReader),
      permissionsServiceFactory,
      actorKeepingAuth,
      // A request without a token is nobody's, as in the demo (the mock's default is a user).
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          ...demoTestConfig(config, {
            actions: { pluginSources: ['ecr-access'] },
          }),
          permission: { enabled: true },
        },
      }),
    ],
  });
}
