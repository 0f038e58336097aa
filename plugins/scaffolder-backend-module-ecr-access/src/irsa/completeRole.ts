import { waitForRole } from './iamRole';
import { deleteRoleAudited, putPullPolicyAudited } from './roleAudit';
import {
  EnsureRoleOptions,
  RoleResult,
  RoleStepError,
  roleResult,
} from './roleResult';

/** Deletes the half-made role after `error`, and says how that went for the error message. */
async function deleteIncompleteRole(opts: EnsureRoleOptions): Promise<string> {
  const { spec, logger } = opts;
  return deleteRoleAudited(opts.iam, spec, opts.audit, {
    ...opts.target,
    reason: 'incomplete',
  }).then(
    () => {
      logger.warn(`Deleted the incomplete IAM role ${spec.arn}`);
      return `deleted the incomplete IAM role ${spec.arn}`;
    },
    failure => {
      logger.error(
        `Could not delete the incomplete IAM role ${spec.arn}: ${failure}`,
      );
      return `CLEANUP FAILED: the incomplete IAM role ${spec.arn} could not be deleted (${failure}); delete it by hand`;
    },
  );
}

/**
 * The writes after `CreateRole` of a role this task created (now, or on an attempt that was
 * stopped before them): the pull policy, then the wait until IAM's reads see the role. A
 * failure deletes the role, so that a retry starts clean.
 */
export async function completeRole(
  opts: EnsureRoleOptions,
  roleArn: string,
): Promise<RoleResult> {
  const { iam, spec, logger } = opts;
  // The write being made, named in the error so a person knows how far it got.
  let step = 'PutRolePolicy';
  try {
    await putPullPolicyAudited(iam, spec, opts.audit, opts.target);
    step = "waiting for IAM's eventual consistency";
    if (!(await waitForRole(iam, spec.roleName, opts.propagation))) {
      throw new Error(
        `IAM role ${roleArn} was created but is still not visible to IAM reads after the bounded wait for IAM's eventual consistency`,
      );
    }
    logger.info(`Created IAM role ${roleArn}`);
    return roleResult(spec, roleArn, 'created');
  } catch (error) {
    throw new RoleStepError(step, error, await deleteIncompleteRole(opts));
  }
}
