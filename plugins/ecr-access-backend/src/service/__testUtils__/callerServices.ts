import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/**
 * The userInfo service with each user's groups as ownership claims, as the sign-in resolver
 * puts them in the Backstage token (`signInWithCatalogUser`: the user and its groups). The
 * mock's claims are the user alone, which no entity's owner matches.
 */
export function userInfoWithGroups(groupsOf: Record<string, string[]>) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: { auth: coreServices.auth },
    factory: ({ auth }) => ({
      async getUserInfo(credentials) {
        if (!auth.isPrincipal(credentials, 'user')) {
          throw new InputError('User info is for user principals only');
        }
        const { userEntityRef } = credentials.principal;
        return {
          userEntityRef,
          ownershipEntityRefs: [
            userEntityRef,
            ...(groupsOf[userEntityRef] ?? []),
          ],
        };
      },
    }),
  });
}
