import {
  IAMClient,
  ManagedPolicyDetail,
  paginateGetAccountAuthorizationDetails,
  RoleDetail,
} from '@aws-sdk/client-iam';
import type { CountOperation, RoleParts } from './roleFacts';

/** What one bulk read of an account holds for the audit. */
export interface AccountAuthorizationDetails {
  /** The wanted roles that exist, by role name; a wanted name absent here does not exist. */
  roles: Map<string, RoleParts>;
  /** Each customer managed policy's default version document, by policy ARN. */
  localPolicies: Map<string, string | undefined>;
}

// IAM's largest page (MaxItems 1 to 1,000): an account of up to 1,000 roles and customer
// managed policies is one request.
const PAGE_SIZE = 1000;

function roleParts(role: RoleDetail): RoleParts {
  return {
    trustPolicy: role.AssumeRolePolicyDocument,
    inlinePolicies: (role.RolePolicyList ?? []).flatMap(p =>
      p.PolicyName ? [{ name: p.PolicyName, document: p.PolicyDocument }] : [],
    ),
    attachedPolicyArns: (role.AttachedManagedPolicies ?? []).flatMap(p =>
      p.PolicyArn ? [p.PolicyArn] : [],
    ),
    permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn,
  };
}

function defaultDocument(policy: ManagedPolicyDetail): string | undefined {
  return policy.PolicyVersionList?.find(v => v.IsDefaultVersion)?.Document;
}

/**
 * The account's roles and customer managed policies in one paginated
 * GetAccountAuthorizationDetails (Filter `Role` and `LocalManagedPolicy`; AWS managed policies
 * are left out: their documents, every version of each, would be most of the answer, and
 * `ManagedPolicyDocuments` reads and caches the few the roles use). Only the roles in
 * `wanted` (names) are kept, so memory follows the audit, not the account.
 */
export async function readAccountAuthorizationDetails(
  iam: IAMClient,
  wanted: Set<string>,
  count: CountOperation,
): Promise<AccountAuthorizationDetails> {
  const details: AccountAuthorizationDetails = {
    roles: new Map(),
    localPolicies: new Map(),
  };
  const pages = paginateGetAccountAuthorizationDetails(
    { client: iam, pageSize: PAGE_SIZE },
    { Filter: ['Role', 'LocalManagedPolicy'] },
  );
  for await (const page of pages) {
    count('iam:GetAccountAuthorizationDetails');
    for (const role of page.RoleDetailList ?? []) {
      if (role.RoleName && wanted.has(role.RoleName)) {
        details.roles.set(role.RoleName, roleParts(role));
      }
    }
    for (const policy of page.Policies ?? []) {
      if (policy.Arn) {
        details.localPolicies.set(policy.Arn, defaultDocument(policy));
      }
    }
  }
  return details;
}
