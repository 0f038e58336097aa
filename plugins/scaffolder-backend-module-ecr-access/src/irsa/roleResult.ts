import type { IAMClient } from '@aws-sdk/client-iam';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AuditTarget, WriteAudit } from '../audit/writeAudit';
import type { BackoffOptions } from './backoff';
import type { IrsaRoleSpec } from './roleSpec';

/**
 * What provisioning did, or in a dry run would do, with the role.
 */
type RoleOutcome = 'created' | 'reused' | 'would-create' | 'would-reuse';

export interface RoleResult {
  roleArn: string;
  roleName: string;
  outcome: RoleOutcome;
}

export const roleResult = (
  spec: IrsaRoleSpec,
  roleArn: string,
  outcome: RoleOutcome,
): RoleResult => ({ roleArn, roleName: spec.roleName, outcome });

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

export type EnsureRoleOptions = {
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
  /** Records each write (and, in a dry run, each write it would make). */
  audit: WriteAudit;
  /** What the events say besides the role: its cluster and entity. */
  target: AuditTarget;
};
