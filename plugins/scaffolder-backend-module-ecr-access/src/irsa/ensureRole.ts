import { ConflictError } from '@backstage/errors';
import { completeRole } from './completeRole';
import { createRoleOnce } from './createRoleOnce';
import { ExistingRole, inspectRole } from './iamRole';
import { wouldCreateRole } from './roleAudit';
import { EnsureRoleOptions, RoleResult, roleResult } from './roleResult';

export type { RoleResult } from './roleResult';
export { RoleStepError } from './roleResult';

type Existing = Exclude<ExistingRole, { state: 'absent' }>;

/** Why a role of ours that differs is left alone, and what to do about it. */
function differentRoleError(existing: Existing & { state: 'different' }) {
  return new ConflictError(
    `roleName: IAM role ${
      existing.arn
    } was created by ecr-access but differs from what this template asks for (${existing.differences.join(
      '; ',
    )}); it is left untouched. Change it deliberately, or choose another roleName`,
  );
}

/**
 * A role IAM already holds under the name: reused with zero writes when it is as specified
 * (reported `created` when this task made it, on an earlier attempt), refused otherwise.
 */
function existingRole(existing: Existing, opts: EnsureRoleOptions): RoleResult {
  if (existing.state === 'foreign') {
    throw new ConflictError(
      `roleName: IAM role ${existing.arn} already exists and was not created by ecr-access (no tag managed-by=backstage-ecr-access); it is left untouched. Choose another roleName`,
    );
  }
  if (existing.state === 'different') throw differentRoleError(existing);
  if (!opts.dryRun && existing.createdByTask === opts.taskToken) {
    opts.logger.info(
      `IAM role ${existing.arn} was created by an earlier attempt of this task; going on with it`,
    );
    return roleResult(opts.spec, existing.arn, 'created');
  }
  opts.logger.info(
    `Reusing IAM role ${existing.arn}: trust, policy and tags already as specified`,
  );
  return roleResult(
    opts.spec,
    existing.arn,
    opts.dryRun ? 'would-reuse' : 'reused',
  );
}

/**
 * Creates the role, or reuses an identical one created by this plugin with zero writes.
 * A role of that name that differs, or that this plugin did not create, is never overwritten;
 * one this task did not create is never deleted.
 */
export async function ensureIrsaRole(
  opts: EnsureRoleOptions,
): Promise<RoleResult> {
  const { iam, spec, logger } = opts;
  const existing = await inspectRole(iam, spec);
  if (existing.state !== 'absent') return existingRole(existing, opts);
  if (opts.dryRun) {
    await wouldCreateRole(spec, opts.audit, opts.target, opts.taskToken);
    logger.info(`Dry run: would create IAM role ${spec.arn}`);
    return roleResult(spec, spec.arn, 'would-create');
  }
  const created = await createRoleOnce(opts);
  if ('other' in created) return existingRole(created.other, opts);
  return completeRole(opts, created.roleArn);
}
