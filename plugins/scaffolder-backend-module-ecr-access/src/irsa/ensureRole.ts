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
  // A role with no policy at all is what a run stopped between CreateRole and PutRolePolicy
  // leaves: another task's, still running or stopped without task recovery.
  const hint = existing.incomplete
    ? ' It holds no policy: another task created it and has not finished, or was stopped half-way without task recovery; if no task is running, delete it and run again'
    : ' Change it deliberately, or choose another roleName';
  return new ConflictError(
    `roleName: IAM role ${
      existing.arn
    } was created by ecr-access but differs from what this template asks for (${existing.differences.join(
      '; ',
    )}); it is left untouched.${hint}`,
  );
}

/**
 * Refuses a role IAM holds under the name that provisioning may not reuse: one this plugin
 * did not create (foreign), or one of ours that differs. The provisioning step and the plan's
 * validation ask the same question, so a template fails at its first step, not after a write.
 */
export function refuseUnusableRole(
  existing: ExistingRole,
): asserts existing is Extract<ExistingRole, { state: 'absent' | 'same' }> {
  if (existing.state === 'foreign') {
    throw new ConflictError(
      `roleName: IAM role ${existing.arn} already exists and was not created by ecr-access (no tag managed-by=backstage-ecr-access); it is left untouched. Choose another roleName`,
    );
  }
  if (existing.state === 'different') throw differentRoleError(existing);
}

/**
 * A role IAM already holds under the name: reused with zero writes when it is as specified
 * (reported `created` when this task made it, on an earlier attempt), refused otherwise.
 */
function existingRole(existing: Existing, opts: EnsureRoleOptions): RoleResult {
  refuseUnusableRole(existing);
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

/** A role this task created on an attempt that stopped before its pull policy was put. */
const ownIncompleteRole = (existing: ExistingRole, opts: EnsureRoleOptions) =>
  !opts.dryRun &&
  existing.state === 'different' &&
  existing.incomplete &&
  existing.createdByTask === opts.taskToken;

/**
 * Creates the role, or reuses an identical one created by this plugin with zero writes, or
 * completes the one an earlier attempt of this task left without its policy (stopped
 * half-way: a crash, a restart). A role of that name that differs otherwise, or that this
 * plugin did not create, is never overwritten; one this task did not create is never deleted.
 */
export async function ensureIrsaRole(
  opts: EnsureRoleOptions,
): Promise<RoleResult> {
  const { iam, spec, logger } = opts;
  const existing = await inspectRole(iam, spec);
  if (existing.state !== 'absent' && ownIncompleteRole(existing, opts)) {
    logger.info(
      `IAM role ${existing.arn} was created by an earlier attempt of this task, which stopped before its pull policy was put; completing it`,
    );
    return completeRole(opts, existing.arn);
  }
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
