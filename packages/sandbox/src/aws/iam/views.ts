import { XmlValue } from '../query';
import { IamRole, ManagedPolicy, OidcProvider } from '../model';

/**
 * The XML shapes IAM returns. Policy documents come back URL-encoded
 * (RFC 3986), as the IAM API documents for every *PolicyDocument field.
 */
/** What an IAM operation answers: the content of its result element, or none. */
export type IamResult = Record<string, XmlValue> | undefined;

export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

export function tagList(tags: Map<string, string>): XmlValue[] {
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

/** The `AttachedPermissionsBoundary` of a role, when it has a boundary. */
export function boundaryView(role: IamRole): XmlValue {
  return role.permissionsBoundaryArn
    ? {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: role.permissionsBoundaryArn,
      }
    : undefined;
}

export function roleView(role: IamRole, full: boolean): XmlValue {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeDocument(role.trustPolicy),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    // ListRoles leaves out the boundary, tags and last use (IAM API reference).
    PermissionsBoundary: full ? boundaryView(role) : undefined,
    Tags: full && role.tags.size > 0 ? tagList(role.tags) : undefined,
    RoleLastUsed: full ? {} : undefined,
  };
}

/**
 * The one version of a managed policy: the sandbox keeps no history, so `v1` is the default
 * version and its document the policy's document.
 */
export function policyVersionView(policy: ManagedPolicy): XmlValue {
  return {
    Document: encodeDocument(policy.document),
    VersionId: 'v1',
    IsDefaultVersion: true,
    CreateDate: policy.updateDate,
  };
}

export function policyView(
  policy: ManagedPolicy,
  attachmentCount: number,
  boundaryCount: number,
): Record<string, XmlValue> {
  return {
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: 'v1',
    AttachmentCount: attachmentCount,
    PermissionsBoundaryUsageCount: boundaryCount,
    IsAttachable: true,
    Description: policy.description,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
  };
}

export function oidcView(provider: OidcProvider): Record<string, XmlValue> {
  return {
    Url: provider.url,
    ClientIDList: provider.clientIds,
    ThumbprintList: provider.thumbprints,
    CreateDate: provider.createDate,
    Tags: tagList(provider.tags),
  };
}
