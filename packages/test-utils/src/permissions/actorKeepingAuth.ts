import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The test backend's mock auth service, except that a plugin calling another on a user's
 * behalf is named as the actor of the user principal, as the real auth service does (its
 * plugin token carries the user's limited token, with the calling plugin as subject). The
 * mock drops the actor, and the real permission backend and permissions registry read a user
 * principal without one as a request straight from a browser: the permission backend refuses
 * it a resource permission without a resourceRef (the audit list's conditional read), and the
 * catalog refuses it the apply-conditions call (the refresh's isEntityOwner).
 */
export const actorKeepingAuth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const pluginId = plugin.getId();
    const auth = mockServices.auth({ pluginId });
    const mockToken = auth.getPluginRequestToken.bind(auth);
    auth.getPluginRequestToken = async options => {
      const { onBehalfOf } = options;
      if (!auth.isPrincipal(onBehalfOf, 'user')) return mockToken(options);
      return {
        token: mockCredentials.user.token(onBehalfOf.principal.userEntityRef, {
          actor: { subject: `plugin:${pluginId}` },
        }),
      };
    };
    return auth;
  },
});
