import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The catalog's resource type. Refresh is decided per entity, so a policy can use the catalog's
 * own rules (e.g. "owners may refresh their entities"): the permission backend applies them
 * through the catalog plugin, which owns this resource type.
 */
const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';

/**
 * Re-check one entity now, outside the schedule. Reads of an entity's status need no permission
 * of their own: they follow the catalog's read permission for that entity.
 *
 * @public
 */
export const ecrAccessEntityRefreshPermission = createPermission({
  name: 'ecr-access.entity.refresh',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Export the audit of the whole catalog as CSV.
 *
 * @public
 */
export const ecrAccessAuditExportPermission = createPermission({
  name: 'ecr-access.audit.export',
  attributes: { action: 'read' },
});

/**
 * Run the scaffolder actions that create IAM roles and ServiceAccounts. Required on top of the
 * scaffolder's own permissions, because these actions write to AWS and to clusters.
 *
 * @public
 */
export const ecrAccessProvisionPermission = createPermission({
  name: 'ecr-access.irsa.provision',
  attributes: { action: 'create' },
});

/**
 * Every permission of ecr-access, for registration and for policy authors.
 *
 * @public
 */
export const ecrAccessPermissions = [
  ecrAccessEntityRefreshPermission,
  ecrAccessAuditExportPermission,
  ecrAccessProvisionPermission,
];
