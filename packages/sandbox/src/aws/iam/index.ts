import { AwsContext } from '../context';
import { AwsError } from '../errors';
import { QueryParams } from '../query';
import { getAccountAuthorizationDetails } from './authorizationDetails';
import { getInstanceProfile } from './instanceProfiles';
import {
  createOpenIdConnectProvider,
  deleteOpenIdConnectProvider,
  getOpenIdConnectProvider,
  listOpenIdConnectProviders,
} from './oidc';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  getPolicyVersion,
} from './policies';
import {
  attachRolePolicy,
  deleteRolePolicy,
  detachRolePolicy,
  getRolePolicy,
  listAttachedRolePolicies,
  listRolePolicies,
  putRolePolicy,
} from './rolePolicies';
import {
  createRole,
  deleteRole,
  deleteRolePermissionsBoundary,
  getRole,
  listRoles,
  listRoleTags,
  putRolePermissionsBoundary,
  tagRole,
  untagRole,
  updateAssumeRolePolicy,
} from './roles';
import { IamResult } from './views';

type IamOperation = (ctx: AwsContext, params: QueryParams) => IamResult;

/** The IAM actions the sandbox implements, by Query `Action` name. */
const IAM_OPERATIONS: Record<string, IamOperation> = {
  CreateRole: createRole,
  GetRole: getRole,
  DeleteRole: deleteRole,
  ListRoles: listRoles,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  ListRolePolicies: listRolePolicies,
  DeleteRolePolicy: deleteRolePolicy,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  DeletePolicy: deletePolicy,
  GetPolicyVersion: getPolicyVersion,
  PutRolePermissionsBoundary: putRolePermissionsBoundary,
  DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary,
  CreateOpenIDConnectProvider: createOpenIdConnectProvider,
  GetOpenIDConnectProvider: getOpenIdConnectProvider,
  ListOpenIDConnectProviders: listOpenIdConnectProviders,
  DeleteOpenIDConnectProvider: deleteOpenIdConnectProvider,
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
  GetInstanceProfile: getInstanceProfile,
};

export function runIam(action: string, ctx: AwsContext, params: QueryParams) {
  const operation = IAM_OPERATIONS[action];
  if (!operation) {
    throw new AwsError(
      'InvalidAction',
      `Could not find operation ${action} for version 2010-05-08`,
      400,
    );
  }
  return operation(ctx, params);
}
