import { AwsContext, callerAccount } from '../context';
import { iamErrors } from '../errors';
import { QueryParams, required } from '../query';
import { findRoleByArn } from './roles';
import { IamResult, roleView } from './views';

/**
 * IAM GetInstanceProfile: the profile and its role, as the IAM API reference shows it
 * (`InstanceProfile` with `Roles` members in GetRole's shape, without boundary or tags).
 */
export function getInstanceProfile(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  const name = required(params, 'InstanceProfileName');
  const profile = callerAccount(ctx).instanceProfiles.get(name);
  if (!profile) {
    throw iamErrors.noSuchEntity(`Instance Profile ${name} cannot be found.`);
  }
  const role = findRoleByArn(ctx, profile.roleArn);
  return {
    InstanceProfile: {
      Path: profile.path,
      InstanceProfileName: profile.name,
      InstanceProfileId: profile.id,
      Arn: profile.arn,
      CreateDate: profile.createDate,
      Roles: role ? [roleView(role, false)] : [],
    },
  };
}
