import { IAMClient } from '@aws-sdk/client-iam';
import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { BackoffOptions } from './backoff';
import {
  ExistingRole,
  createRole,
  createdByThisTask,
  deleteRole,
  inspectRole,
  putPullPolicy,
  waitForRole,
} from './iamRole';
import { IrsaRoleSpec } from './roleSpec';

/**
 * What provisioning did, or in a dry run would do, with the role.
 */
type RoleOutcome = 'created' | 'reused' | 'would-create' | 'would-reuse';

export interface RoleResult {
  roleArn: string;
  roleName: string;
  outcome: RoleOutcome;
}

/**
 * A write of the role step failed: which one, why, and what was cleaned up.
 */
export class RoleStepError extends Error {
  readonly name = 'RoleStepError';

  constructor(readonly step: string, cause: unknown, readonly cleanup: string) {
    super(
      `IAM role step failed at ${step}: ${String(
        (cause as Error)?.message ?? cause,
      ).replace(/\.$/, '')}. Cleanup: ${cleanup}`,
      { cause },
    );
  }
}

type EnsureRoleOptions = {
  iam: IAMClient;
  spec: IrsaRoleSpec;
  description: string;
  /**
   * This task's token (the same on every attempt of the task): the role is created tagged
   * with it, and only a role carrying it is this task's own, to be cleaned up on failure.
   */
  taskToken: string;
  dryRun: boolean;
  propagation: BackoffOptions;
  logger: LoggerService;
  auditor: AuditorService;
  auditMeta: Record<string, string>;
};

const result = (
  spec: IrsaRoleSpec,
  roleArn: string,
  outcome: RoleOutcome,
): RoleResult => ({ roleArn, roleName: spec.roleName, outcome });

/**
 * A role IAM already holds under the name: reused with zero writes when it is as specified
 * (reported `created` when this task made it, on an earlier attempt), refused otherwise.
 */
function existingRole(
  existing: Exclude<ExistingRole, { state: 'absent' }>,
  opts: EnsureRoleOptions,
): RoleResult {
  switch (existing.state) {
    case 'foreign':
      throw new ConflictError(
        `roleName: IAM role ${existing.arn} already exists and was not created by ecr-access (no tag managed-by=backstage-ecr-access); it is left untouched. Choose another roleName`,
      );
    case 'different':
      throw new ConflictError(
        `roleName: IAM role ${
          existing.arn
        } was created by ecr-access but differs from what this template asks for (${existing.differences.join(
          '; ',
        )}); it is left untouched. Change it deliberately, or choose another roleName`,
      );
    default:
      break;
  }
  if (!opts.dryRun && existing.createdByTask === opts.taskToken) {
    opts.logger.info(
      `IAM role ${existing.arn} was created by an earlier attempt of this task; going on with it`,
    );
    return result(opts.spec, existing.arn, 'created');
  }
  opts.logger.info(
    `Reusing IAM role ${existing.arn}: trust, policy and tags already as specified`,
  );
  return result(
    opts.spec,
    existing.arn,
    opts.dryRun ? 'would-reuse' : 'reused',
  );
}

/**
 * After CreateRole seemed to fail, what IAM holds under the name now: `ours` when this task's
 * call made the role and only its answer was lost (a retry then answers EntityAlreadyExists);
 * another run's role (the same template for the same entity, submitted twice) to be treated
 * as any existing role; or nothing, and the error stands.
 */
async function afterFailedCreateRole(
  opts: EnsureRoleOptions,
): Promise<'ours' | Exclude<ExistingRole, { state: 'absent' }> | undefined> {
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
    logger.info(`Dry run: would create IAM role ${spec.arn}`);
    return result(spec, spec.arn, 'would-create');
  }
  const event = await opts.auditor.createEvent({
    eventId: 'irsa-role-create',
    severityLevel: 'medium',
    meta: { ...opts.auditMeta, roleArn: spec.arn },
  });
  let roleArn: string;
  try {
    roleArn = await createRole(iam, spec, opts.description, opts.taskToken);
  } catch (error) {
    const now = await afterFailedCreateRole(opts);
    if (now !== 'ours') {
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
      return existingRole(now, opts);
    }
    logger.warn(
      `CreateRole answered ${error}, but IAM holds ${spec.arn} as asked and tagged with this task's token: its answer was lost; going on with it`,
    );
    roleArn = spec.arn;
  }
  return completeRole(opts, roleArn, event);
}

/** The writes after CreateRole; a failure deletes the role this task just created. */
async function completeRole(
  opts: EnsureRoleOptions,
  roleArn: string,
  event: Awaited<ReturnType<AuditorService['createEvent']>>,
): Promise<RoleResult> {
  const { iam, spec, logger } = opts;
  // The write being made, named in the error so a person knows how far it got.
  let step = 'PutRolePolicy';
  try {
    await putPullPolicy(iam, spec);
    step = "waiting for IAM's eventual consistency";
    if (!(await waitForRole(iam, spec.roleName, opts.propagation))) {
      throw new Error(
        `IAM role ${roleArn} was created but is still not visible to IAM reads after the bounded wait for IAM's eventual consistency`,
      );
    }
    await event.success({ meta: { roleArn } });
    logger.info(`Created IAM role ${roleArn}`);
    return result(spec, roleArn, 'created');
  } catch (error) {
    await event.fail({ error: error as Error });
    // A half-made role (no pull policy, or never visible) is removed so a retry starts clean.
    const cleanup = await deleteRole(iam, spec.roleName).then(
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
    throw new RoleStepError(step, error, cleanup);
  }
}
