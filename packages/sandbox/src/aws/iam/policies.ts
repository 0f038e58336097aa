import { iamUniqueId } from '../../scenario/derived';
import { AwsContext, callerAccount } from '../context';
import { iamErrors } from '../errors';
import { ManagedPolicy } from '../model';
import { MANAGED_POLICY_MAX, parsePolicy, policySize } from '../policyDocument';
import { QueryParams, required } from '../query';
import { nameTaken, newEntityParams } from './names';
import { IamResult, policyVersionView, policyView } from './views';

/** A managed policy (AWS managed or the caller account's) by ARN. */
export function findPolicy(
  ctx: AwsContext,
  arn: string,
  use: 'read' | 'boundary' = 'read',
): ManagedPolicy {
  const policy =
    ctx.state.awsManagedPolicies.get(arn) ??
    callerAccount(ctx).policies.get(arn);
  if (!policy) {
    if (use === 'boundary') {
      throw iamErrors.noSuchEntity(
        `Scope ARN: ${arn} does not exist or is not attachable.`,
      );
    }
    throw iamErrors.noSuchEntity(`Policy ${arn} was not found.`);
  }
  return policy;
}

function usage(ctx: AwsContext, arn: string) {
  const roles = [...callerAccount(ctx).roles.values()];
  return {
    attachments: roles.filter(r => r.attachedPolicyArns.includes(arn)).length,
    boundaries: roles.filter(r => r.permissionsBoundaryArn === arn).length,
  };
}

export function createPolicy(ctx: AwsContext, params: QueryParams): IamResult {
  const { name, path, document } = newEntityParams(params, 'policy');
  const account = callerAccount(ctx);
  const arn = `arn:aws:iam::${account.id}:policy${path}${name}`;
  const names = [...account.policies.values()].map(p => p.name);
  if (nameTaken(names, name)) {
    throw iamErrors.alreadyExists(
      `A policy called ${name} already exists. Duplicate names are not allowed.`,
    );
  }
  parsePolicy(document, 'identity');
  if (policySize(document) > MANAGED_POLICY_MAX) {
    throw iamErrors.limitExceeded(
      `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_MAX}`,
    );
  }
  const policy: ManagedPolicy = {
    name,
    path,
    arn,
    policyId: iamUniqueId('ANPA', `${arn}/${Date.now()}`),
    description: params.get('Description'),
    document,
    createDate: ctx.now,
    updateDate: ctx.now,
    awsManaged: false,
  };
  account.policies.set(arn, policy);
  return { Policy: policyView(policy, 0, 0) };
}

export function getPolicy(ctx: AwsContext, params: QueryParams): IamResult {
  const policy = findPolicy(ctx, required(params, 'PolicyArn'));
  const { attachments, boundaries } = usage(ctx, policy.arn);
  return { Policy: policyView(policy, attachments, boundaries) };
}

export function getPolicyVersion(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  const policy = findPolicy(ctx, required(params, 'PolicyArn'));
  const versionId = required(params, 'VersionId');
  if (versionId !== 'v1') {
    throw iamErrors.noSuchEntity(
      `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`,
    );
  }
  return { PolicyVersion: policyVersionView(policy) };
}

export function deletePolicy(ctx: AwsContext, params: QueryParams): IamResult {
  const arn = required(params, 'PolicyArn');
  const policy = callerAccount(ctx).policies.get(arn);
  if (!policy) {
    if (ctx.state.awsManagedPolicies.has(arn)) {
      throw iamErrors.invalidInput('Cannot delete an AWS managed policy.');
    }
    throw iamErrors.noSuchEntity(`Policy ${arn} was not found.`);
  }
  const { attachments, boundaries } = usage(ctx, arn);
  if (attachments + boundaries > 0) {
    throw iamErrors.deleteConflict(
      'Cannot delete a policy attached to entities.',
    );
  }
  callerAccount(ctx).policies.delete(arn);
  return undefined;
}
