import { iamUniqueId, roleArn } from '../../scenario/derived';
import { AwsContext, callerAccount } from '../context';
import { iamErrors } from '../errors';
import { IamRole } from '../model';
import { parsePolicy, policySize, TRUST_POLICY_MAX } from '../policyDocument';
import {
  memberList,
  pageOf,
  QueryParams,
  required,
  truncation,
} from '../query';
import { checkTags, nameTaken, newEntityParams, requestTags } from './names';
import { findPolicy } from './policies';
import { IamResult, roleView, tagList } from './views';

/** Whether eventually consistent reads (GetRole, ListRoles, account listings) see the role yet. */
export function isVisible(role: IamRole): boolean {
  return Date.now() >= role.visibleFrom;
}

/** A role by name; eventually consistent reads do not see a role created moments ago. */
export function findRole(
  ctx: AwsContext,
  name: string,
  options: { consistent?: boolean } = {},
): IamRole {
  const role = callerAccount(ctx).roles.get(name);
  if (!role || (!options.consistent && !isVisible(role))) {
    throw iamErrors.noSuchEntity(`The role with name ${name} cannot be found.`);
  }
  return role;
}

/**
 * An IAM operation on the role its request names (`RoleName`): on its policies, tags,
 * boundary or trust, or its deletion. Like IAM, the sandbox applies its propagation delay to
 * GetRole and ListRoles only, so these see a role created moments ago. The operation answers
 * nothing unless it returns a result.
 */
export function onRole(
  operation: (
    role: IamRole,
    params: QueryParams,
    ctx: AwsContext,
  ) => IamResult | void,
): (ctx: AwsContext, params: QueryParams) => IamResult {
  return (ctx, params) => {
    const role = findRole(ctx, required(params, 'RoleName'), {
      consistent: true,
    });
    return operation(role, params, ctx) ?? undefined;
  };
}

/** Every role of every account, for STS (which looks a role up by ARN in its own account). */
export function findRoleByArn(
  ctx: AwsContext,
  arn: string,
): IamRole | undefined {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(
    arn,
  );
  if (!match) return undefined;
  const role = ctx.state.accounts.get(match[1])?.roles.get(match[2]);
  return role && isVisible(role) && role.arn === arn ? role : undefined;
}

function checkTrustPolicy(text: string): void {
  parsePolicy(text, 'trust');
  if (policySize(text) > TRUST_POLICY_MAX) {
    // IAM's quota name and wording; the default quota is 2,048 characters without whitespace.
    throw iamErrors.limitExceeded(
      `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_MAX}`,
    );
  }
}

export function createRole(ctx: AwsContext, params: QueryParams): IamResult {
  const { name, path, document: trust } = newEntityParams(params, 'role');
  const account = callerAccount(ctx);
  if (nameTaken(account.roles.keys(), name)) {
    throw iamErrors.alreadyExists(`Role with name ${name} already exists.`);
  }
  checkTrustPolicy(trust);
  const tags = requestTags(params);
  checkTags(tags, name);
  const boundary = params.get('PermissionsBoundary');
  if (boundary) findPolicy(ctx, boundary, 'boundary');
  const arn = roleArn(account.id, path, name);
  const role: IamRole = {
    name,
    path,
    arn,
    roleId: iamUniqueId('AROA', `${arn}/${Date.now()}`),
    createDate: ctx.now,
    description: params.get('Description'),
    trustPolicy: trust,
    inlinePolicies: new Map(),
    attachedPolicyArns: [],
    permissionsBoundaryArn: boundary,
    tags,
    maxSessionDuration: Number(params.get('MaxSessionDuration') ?? 3600),
    visibleFrom: Date.now() + ctx.state.propagationMs,
  };
  account.roles.set(name, role);
  return { Role: roleView(role, true) };
}

export function getRole(ctx: AwsContext, params: QueryParams): IamResult {
  return { Role: roleView(findRole(ctx, required(params, 'RoleName')), true) };
}

export function listRoles(ctx: AwsContext, params: QueryParams): IamResult {
  const prefix = params.get('PathPrefix') ?? '/';
  const roles = [...callerAccount(ctx).roles.values()]
    .filter(role => isVisible(role) && role.path.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name));
  const { page, marker } = pageOf(roles, params);
  return {
    Roles: page.map(role => roleView(role, false)),
    ...truncation(marker),
  };
}

export const deleteRole = onRole((role, _params, ctx) => {
  if (role.inlinePolicies.size > 0) {
    throw iamErrors.deleteConflict(
      'Cannot delete entity, must delete policies first.',
    );
  }
  if (role.attachedPolicyArns.length > 0) {
    throw iamErrors.deleteConflict(
      'Cannot delete entity, must detach all policies first.',
    );
  }
  callerAccount(ctx).roles.delete(role.name);
});

export const updateAssumeRolePolicy = onRole((role, params) => {
  const document = required(params, 'PolicyDocument');
  checkTrustPolicy(document);
  role.trustPolicy = document;
});

export const tagRole = onRole((role, params) => {
  const merged = new Map([...role.tags, ...requestTags(params)]);
  checkTags(merged, role.name);
  role.tags = merged;
});

export const untagRole = onRole((role, params) => {
  for (const key of memberList(params, 'TagKeys')) role.tags.delete(key);
});

export const listRoleTags = onRole((role, params) => {
  const { page, marker } = pageOf(tagList(role.tags), params);
  return { Tags: page, ...truncation(marker) };
});

export const putRolePermissionsBoundary = onRole((role, params, ctx) => {
  const arn = required(params, 'PermissionsBoundary');
  findPolicy(ctx, arn, 'boundary');
  role.permissionsBoundaryArn = arn;
});

export const deleteRolePermissionsBoundary = onRole(role => {
  role.permissionsBoundaryArn = undefined;
});
