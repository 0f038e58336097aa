import type { LoggerService } from '@backstage/backend-plugin-api';
import type { WriteAudit } from '../audit/writeAudit';
import type { RoleResult } from '../irsa/ensureRole';
import { deleteRoleAudited } from '../irsa/roleAudit';
import { serviceAccountStateUnknown } from '../kubernetes/serviceAccountStateUnknown';
import type { RolePlan } from './planRole';

/** The role step's result and what the rollback needs to undo it and record that. */
interface RollbackContext {
  plan: RolePlan;
  role: RoleResult;
  logger: LoggerService;
  audit: WriteAudit;
  entityRef: string;
}

/**
 * Why there is no role to undo, as the role step found it: a dry run read the role (or its
 * absence) and wrote nothing, so it never says the role "existed before" when it did not.
 */
function notCreatedByThisRun(role: RoleResult): string {
  switch (role.outcome) {
    case 'would-create':
      return `nothing to undo: a dry run writes nothing (IAM role ${role.roleArn} does not exist and would have been created)`;
    case 'would-reuse':
      return `nothing to undo: a dry run writes nothing (IAM role ${role.roleArn} exists as specified and would have been reused)`;
    default:
      return `nothing to undo: IAM role ${role.roleArn} existed before this run and was left as it was`;
  }
}

/**
 * Removes the role this run created after a later step failed, and says what happened so the
 * error reports both the cause and the cleanup.
 */
async function rollBack({
  plan,
  role,
  logger,
  audit,
  entityRef,
}: RollbackContext): Promise<string> {
  if (role.outcome !== 'created') return notCreatedByThisRun(role);
  try {
    await deleteRoleAudited(plan.iam, plan.spec, audit, {
      cluster: plan.cluster.name,
      entityRef,
      reason: 'rollback',
    });
    logger.warn(`Rolled back: deleted IAM role ${role.roleArn}`);
    return `rolled back: deleted IAM role ${role.roleArn}, which this run had created`;
  } catch (cleanup) {
    logger.error(`Rollback failed for IAM role ${role.roleArn}: ${cleanup}`);
    return `ROLLBACK FAILED: IAM role ${role.roleArn} was created by this run and could not be deleted (${cleanup}); delete it by hand`;
  }
}

/**
 * The ServiceAccount may already point at the role (its write may have landed): deleting the
 * role could break it, so the role stays and the person is told how to finish.
 */
function keptForUnknownServiceAccount(
  role: RoleResult,
  serviceAccount: string,
  logger: LoggerService,
): string {
  const finish =
    'Run the template again once the cluster answers: the role is reused and the ServiceAccount completed';
  if (role.outcome !== 'created') {
    return `${notCreatedByThisRun(role)}. ${finish}`;
  }
  logger.warn(
    `Not rolling back IAM role ${role.roleArn}: ServiceAccount ${serviceAccount} may already point at it`,
  );
  return `none: IAM role ${role.roleArn}, which this run created, was kept because ServiceAccount ${serviceAccount} may already point at it. ${finish}; to abandon instead, remove the role's annotations from the ServiceAccount, then delete the role by hand`;
}

/**
 * After the ServiceAccount step of `ecr-access:irsa:provision` failed with `cause`: the role this
 * run created is deleted (all or nothing), unless the ServiceAccount may already point at it.
 * Returns what was done, for the error.
 */
export async function cleanUpRoleAfter(
  cause: unknown,
  context: RollbackContext,
): Promise<string> {
  const unknown = serviceAccountStateUnknown(cause);
  return unknown
    ? keptForUnknownServiceAccount(
        context.role,
        unknown.serviceAccount,
        context.logger,
      )
    : rollBack(context);
}
