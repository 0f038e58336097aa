import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ecrAccessEntityRefreshPermission } from '@ecr-access/plugin-ecr-access-common';

/** Members of this group read the catalog's APIs only (an outside partner, say). */
export const PARTNERS = 'group:default/partners';

/**
 * The permission policy an installation would write, as the README shows it: an entity's
 * owners may refresh it, everyone reads the catalog (partners its APIs only), and everything
 * else is denied, ecr-access's other permissions included.
 */
export class OwnersMayRefreshPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // `user.info` is deprecated in 1.57; the userInfo service gives the same claims.
    const claims = user
      ? (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];
    if (isPermission(request.permission, ecrAccessEntityRefreshPermission)) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    if (isPermission(request.permission, catalogEntityReadPermission)) {
      return claims.includes(PARTNERS)
        ? createCatalogConditionalDecision(
            request.permission,
            catalogConditions.isEntityKind({ kinds: ['API'] }),
          )
        : { result: AuthorizeResult.ALLOW };
    }
    return { result: AuthorizeResult.DENY };
  }
}

/** The policy installed into the real permission backend, as an installation does it. */
export const ownersMayRefreshPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ecr-access-owners-may-refresh',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new OwnersMayRefreshPolicy(userInfo));
      },
    });
  },
});
