import { IAMClient } from '@aws-sdk/client-iam';
import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { BackoffOptions } from './backoff';
import {
  createRole,
  createdDespiteError,
  deleteRole,
  inspectRole,
  putPullPolicy,
  waitForRole,
} from './iamRole';
import { IrsaRoleSpec } from './roleSpec';

/**
 * What provisioning did, or in a dry run would do, with the role.
 *
 * @public
 */
export type RoleOutcome = 'created' | 'reused' | 'would-create' | 'would-reuse';

/** @public */
export interface RoleResult {
  roleArn: string;
  roleName: string;
  outcome: RoleOutcome;
}

/**
 * A write of the role step failed: which one, why, and what was cleaned up.
 *
 * @public
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

/**
 * Creates the role, or reuses an identical one created by this plugin with zero writes.
 * A role of that name that differs, or that this plugin did not create, is never overwritten.
 *
 * @public
 */
export async function ensureIrsaRole(opts: {
  iam: IAMClient;
  spec: IrsaRoleSpec;
  description: string;
  dryRun: boolean;
  propagation: BackoffOptions;
  logger: LoggerService;
  auditor: AuditorService;
  auditMeta: Record<string, string>;
}): Promise<RoleResult> {
  const { iam, spec, logger } = opts;
  const existing = await inspectRole(iam, spec);
  const result = (roleArn: string, outcome: RoleOutcome): RoleResult => ({
    roleArn,
    roleName: spec.roleName,
    outcome,
  });
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
    case 'same':
      logger.info(
        `Reusing IAM role ${existing.arn}: trust, policy and tags already as specified`,
      );
      return result(existing.arn, opts.dryRun ? 'would-reuse' : 'reused');
    default:
      break;
  }
  if (opts.dryRun) {
    logger.info(`Dry run: would create IAM role ${spec.arn}`);
    return result(spec.arn, 'would-create');
  }
  const event = await opts.auditor.createEvent({
    eventId: 'irsa-role-create',
    severityLevel: 'medium',
    meta: { ...opts.auditMeta, roleArn: spec.arn },
  });
  // The write being made, named in the error so a person knows how far it got.
  let step = 'CreateRole';
  let created = false;
  try {
    const roleArn = await createRole(iam, spec, opts.description).catch(
      async error => {
        // The role was absent a moment ago. If it is there now exactly as asked, this call made
        // it and only its answer was lost: go on with it (and own it for the cleanup).
        if (!(await createdDespiteError(iam, spec).catch(() => false))) {
          throw error;
        }
        logger.warn(
          `CreateRole answered ${error}, but IAM holds ${spec.arn} exactly as asked: its answer was lost; going on with it`,
        );
        return spec.arn;
      },
    );
    created = true;
    step = 'PutRolePolicy';
    await putPullPolicy(iam, spec);
    step = "waiting for IAM's eventual consistency";
    if (!(await waitForRole(iam, spec.roleName, opts.propagation))) {
      throw new Error(
        `IAM role ${roleArn} was created but is still not visible to IAM reads after the bounded wait for IAM's eventual consistency`,
      );
    }
    await event.success({ meta: { roleArn } });
    logger.info(`Created IAM role ${roleArn}`);
    return result(roleArn, 'created');
  } catch (error) {
    await event.fail({ error: error as Error });
    // A half-made role (no pull policy, or never visible) is removed so a retry starts clean.
    const cleanup = created
      ? await deleteRole(iam, spec.roleName).then(
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
        )
      : 'nothing to undo, no role was created';
    throw new RoleStepError(step, error, cleanup);
  }
}
