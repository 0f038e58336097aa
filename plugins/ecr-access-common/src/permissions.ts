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
 * Read the recent audit runs: per cluster, when it was audited, what it counted and why it
 * failed. Runs describe the clusters rather than any one entity, so the catalog's read
 * permission cannot decide them; and their errors name clusters, which not every reader of
 * the catalog needs to know.
 *
 * @public
 */
export const ecrAccessAuditRunsReadPermission = createPermission({
  name: 'ecr-access.audit.runs.read',
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
  ecrAccessAuditRunsReadPermission,
  ecrAccessProvisionPermission,
];
