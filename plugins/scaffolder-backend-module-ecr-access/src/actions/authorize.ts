import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { ecrAccessProvisionPermission } from '@ecr-access/plugin-ecr-access-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';

/**
 * Provisioning creates IAM roles and changes ServiceAccounts, so it needs this plugin's
 * permission on top of the scaffolder's own; checked before any AWS or Kubernetes call.
 * Returns the initiator's credentials, whom the audit events name.
 */
export async function authorizeProvisioning(
  permissions: PermissionsService,
  ctx: Pick<ActionContext<any>, 'getInitiatorCredentials'>,
  actionId: string,
): Promise<BackstageCredentials> {
  const credentials = await ctx.getInitiatorCredentials();
  const [decision] = await permissions.authorize(
    [{ permission: ecrAccessProvisionPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `${actionId} needs the permission ${ecrAccessProvisionPermission.name}`,
    );
  }
  return credentials;
}
