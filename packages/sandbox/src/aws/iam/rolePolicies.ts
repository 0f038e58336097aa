import { AwsContext } from '../context';
import { iamErrors } from '../errors';
import { IamRole } from '../model';
import {
  INLINE_POLICIES_PER_ROLE_MAX,
  parsePolicy,
  policySize,
} from '../policyDocument';
import { pageOf, required, truncation } from '../query';
import { checkName } from './names';
import { findPolicy } from './policies';
import { onRole } from './roles';
import { encodeDocument } from './views';

function noSuchRolePolicy(name: string) {
  return iamErrors.noSuchEntity(
    `The role policy with name ${name} cannot be found.`,
  );
}

/** IAM quota: 10 managed policies per role by default (PoliciesPerRole). */
const MANAGED_POLICIES_PER_ROLE = 10;

export const putRolePolicy = onRole((role, params) => {
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
});

export const getRolePolicy = onRole((role, params) => {
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
});

export const listRolePolicies = onRole((role, params) => {
  const { page, marker } = pageOf(
    [...role.inlinePolicies.keys()].sort(),
    params,
  );
  return { PolicyNames: page, ...truncation(marker) };
});

export const deleteRolePolicy = onRole((role, params) => {
  const name = required(params, 'PolicyName');
  if (!role.inlinePolicies.delete(name)) {
    throw noSuchRolePolicy(name);
  }
});

export const attachRolePolicy = onRole((role, params, ctx) => {
  const policy = findPolicy(ctx, required(params, 'PolicyArn'));
  // Attaching an attached policy again succeeds and changes nothing.
  if (role.attachedPolicyArns.includes(policy.arn)) return;
  if (role.attachedPolicyArns.length >= MANAGED_POLICIES_PER_ROLE) {
    throw iamErrors.limitExceeded(
      `Cannot exceed quota for PoliciesPerRole: ${MANAGED_POLICIES_PER_ROLE}`,
    );
  }
  role.attachedPolicyArns.push(policy.arn);
});

export const detachRolePolicy = onRole((role, params) => {
  const arn = required(params, 'PolicyArn');
  const index = role.attachedPolicyArns.indexOf(arn);
  if (index < 0) {
    throw iamErrors.noSuchEntity(`Policy ${arn} was not found.`);
  }
  role.attachedPolicyArns.splice(index, 1);
});

/** A role's managed policies as `AttachedPolicy` elements (name and ARN), in attachment order. */
export function attachedPolicies(
  ctx: AwsContext,
  role: IamRole,
): Array<{ PolicyName: string | undefined; PolicyArn: string }> {
  return role.attachedPolicyArns.map(arn => {
    const policy =
      ctx.state.awsManagedPolicies.get(arn) ??
      ctx.state.accounts.get(ctx.caller.account)?.policies.get(arn);
    return { PolicyName: policy?.name ?? arn.split('/').pop(), PolicyArn: arn };
  });
}

export const listAttachedRolePolicies = onRole((role, params, ctx) => {
  const { page, marker } = pageOf(attachedPolicies(ctx, role), params);
  return { AttachedPolicies: page, ...truncation(marker) };
});
