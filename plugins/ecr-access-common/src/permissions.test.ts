import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  ecrAccessAuditExportPermission,
  ecrAccessAuditRunsReadPermission,
  ecrAccessEntityRefreshPermission,
  ecrAccessPermissions,
  ecrAccessProvisionPermission,
} from './permissions';

describe('ecr-access permissions', () => {
  it('decides refresh per catalog entity, so catalog rules such as ownership apply', () => {
    expect(
      isResourcePermission(ecrAccessEntityRefreshPermission, 'catalog-entity'),
    ).toBe(true);
  });

  it('keeps export and provisioning as plain permissions', () => {
    expect(isResourcePermission(ecrAccessAuditExportPermission)).toBe(false);
    expect(isResourcePermission(ecrAccessProvisionPermission)).toBe(false);
    expect(ecrAccessProvisionPermission.attributes.action).toBe('create');
  });

  it('keeps the audit runs a plain read permission, listed for registration', () => {
    expect(isResourcePermission(ecrAccessAuditRunsReadPermission)).toBe(false);
    expect(ecrAccessAuditRunsReadPermission.attributes.action).toBe('read');
    expect(ecrAccessPermissions).toContain(ecrAccessAuditRunsReadPermission);
  });

  it('lists each permission once, under a name in the plugin namespace', () => {
    const names = ecrAccessPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every(n => n.startsWith('ecr-access.'))).toBe(true);
  });
});
