import {
  ExistingRole,
  createRole,
  createdByThisTask,
  inspectRole,
} from './iamRole';
import { createRoleTarget } from './roleAudit';
import { EnsureRoleOptions, RoleStepError } from './roleResult';

type Existing = Exclude<ExistingRole, { state: 'absent' }>;

/**
 * After CreateRole seemed to fail, what IAM holds under the name now: `ours` when this task's
 * call made the role and only its answer was lost (a retry then answers EntityAlreadyExists);
 * another run's role (the same template for the same entity, submitted twice) to be treated
 * as any existing role; or nothing, and the error stands.
 */
async function afterFailedCreateRole(
  opts: EnsureRoleOptions,
): Promise<'ours' | Existing | undefined> {
  try {
    if (await createdByThisTask(opts.iam, opts.spec, opts.taskToken)) {
      return 'ours';
    }
    const now = await inspectRole(opts.iam, opts.spec);
    return now.state === 'absent' ? undefined : now;
  } catch {
    return undefined;
  }
}

/**
 * `CreateRole` with trust, path, boundary and tags in one call, audited (`irsa-role-create`):
 * the role's ARN when this task made it (its answer lost or not), or the role another task
 * made meanwhile, which is not this task's (its event then fails: this call created nothing).
 */
export async function createRoleOnce(
  opts: EnsureRoleOptions,
): Promise<{ roleArn: string } | { other: Existing }> {
  const { spec, logger } = opts;
  const event = await opts.audit.begin(
    'irsa-role-create',
    createRoleTarget(spec, opts.target, opts.taskToken),
  );
  try {
    const roleArn = await createRole(
      opts.iam,
      spec,
      opts.description,
      opts.taskToken,
    );
    await event.success();
    return { roleArn };
  } catch (error) {
    const now = await afterFailedCreateRole(opts);
    if (now === 'ours') {
      logger.warn(
        `CreateRole answered ${error}, but IAM holds ${spec.arn} as asked and tagged with this task's token: its answer was lost; going on with it`,
      );
      await event.success({ meta: { answerLost: true } });
      return { roleArn: spec.arn };
    }
    await event.fail({ error: error as Error });
    if (!now) {
      throw new RoleStepError(
        'CreateRole',
        error,
        'nothing to undo, no role was created',
      );
    }
    logger.warn(
      `CreateRole answered ${error}: IAM role ${spec.arn} was created meanwhile by another task, not this one; it is treated as an existing role and never deleted by this task`,
    );
    return { other: now };
  }
}
