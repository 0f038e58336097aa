import { AwsContext } from '../context';
import { iamErrors } from '../errors';
import {
  INLINE_POLICIES_PER_ROLE_MAX,
  parsePolicy,
  policySize,
} from '../policyDocument';
import { pageOf, QueryParams, required, truncation } from '../query';
import { checkName } from './names';
import { findPolicy } from './policies';
import { requestedRole } from './roles';
import { encodeDocument, IamResult } from './views';

function noSuchRolePolicy(name: string) {
  return iamErrors.noSuchEntity(
    `The role policy with name ${name} cannot be found.`,
  );
}

/** IAM quota: 10 managed policies per role by default (PoliciesPerRole). */
const MANAGED_POLICIES_PER_ROLE = 10;

export function putRolePolicy(ctx: AwsContext, params: QueryParams): IamResult {
  const role = requestedRole(ctx, params);
  const name = required(params, 'PolicyName');
  const document = required(params, 'PolicyDocument');
  checkName(name, 'policyName', 128);
  parsePolicy(document, 'identity');
  const others = [...role.inlinePolicies]
    .filter(([n]) => n !== name)
    .map(([, d]) => policySize(d));
  const total = others.reduce((a, b) => a + b, 0) + policySize(document);
  if (total > INLINE_POLICIES_PER_ROLE_MAX) {
    throw iamErrors.limitExceeded(
      `Maximum policy size of ${INLINE_POLICIES_PER_ROLE_MAX} bytes exceeded for role ${role.name}`,
    );
  }
  role.inlinePolicies.set(name, document);
  return undefined;
}

export function getRolePolicy(ctx: AwsContext, params: QueryParams): IamResult {
  const role = requestedRole(ctx, params);
  const name = required(params, 'PolicyName');
  const document = role.inlinePolicies.get(name);
  if (document === undefined) {
    throw noSuchRolePolicy(name);
  }
  return {
    RoleName: role.name,
    PolicyName: name,
    PolicyDocument: encodeDocument(document),
  };
}

export function listRolePolicies(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  const role = requestedRole(ctx, params);
  const { page, marker } = pageOf(
    [...role.inlinePolicies.keys()].sort(),
    params,
  );
  return { PolicyNames: page, ...truncation(marker) };
}

export function deleteRolePolicy(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  const role = requestedRole(ctx, params);
  const name = required(params, 'PolicyName');
  if (!role.inlinePolicies.delete(name)) {
    throw noSuchRolePolicy(name);
  }
  return undefined;
}

export function attachRolePolicy(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  const role = requestedRole(ctx, params);
  const policy = findPolicy(ctx, required(params, 'PolicyArn'));
  if (role.attachedPolicyArns.includes(policy.arn)) return undefined;
  if (role.attachedPolicyArns.length >= MANAGED_POLICIES_PER_ROLE) {
    throw iamErrors.limitExceeded(
      `Cannot exceed quota for PoliciesPerRole: ${MANAGED_POLICIES_PER_ROLE}`,
    );
  }
  role.attachedPolicyArns.push(policy.arn);
  return undefined;
}

export function detachRolePolicy(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  const role = requestedRole(ctx, params);
  const arn = required(params, 'PolicyArn');
  const index = role.attachedPolicyArns.indexOf(arn);
  if (index < 0) {
    throw iamErrors.noSuchEntity(`Policy ${arn} was not found.`);
  }
  role.attachedPolicyArns.splice(index, 1);
  return undefined;
}

export function listAttachedRolePolicies(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  const role = requestedRole(ctx, params);
  const attached = role.attachedPolicyArns.map(arn => {
    const policy =
      ctx.state.awsManagedPolicies.get(arn) ??
      ctx.state.accounts.get(ctx.caller.account)?.policies.get(arn);
    return { PolicyName: policy?.name ?? arn.split('/').pop(), PolicyArn: arn };
  });
  const { page, marker } = pageOf(attached, params);
  return { AttachedPolicies: page, ...truncation(marker) };
}
