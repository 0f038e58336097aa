import type { IAMClient } from '@aws-sdk/client-iam';
import type { AuditTarget, WriteAudit } from '../audit/writeAudit';
import { deleteRole, putPullPolicy } from './iamRole';
import {
  CREATED_BY_TASK_TAG,
  IrsaRoleSpec,
  PULL_POLICY_NAME,
} from './roleSpec';

/** The role as every event of it names it, with the cluster and entity it serves. */
export const roleTarget = (
  spec: IrsaRoleSpec,
  target: AuditTarget,
): AuditTarget => ({ ...target, roleArn: spec.arn, roleName: spec.roleName });

/** `CreateRole`'s event: the role with what that one call sets (trust is the spec's). */
export const createRoleTarget = (
  spec: IrsaRoleSpec,
  target: AuditTarget,
  taskToken: string,
): AuditTarget => ({
  ...roleTarget(spec, target),
  path: spec.path,
  ...(spec.permissionsBoundaryArn
    ? { permissionsBoundaryArn: spec.permissionsBoundaryArn }
    : {}),
  tags: { ...spec.tags, [CREATED_BY_TASK_TAG]: taskToken },
});

const policyTarget = (spec: IrsaRoleSpec, target: AuditTarget) => ({
  ...roleTarget(spec, target),
  policyName: PULL_POLICY_NAME,
});

/** `PutRolePolicy` of the `ecr-pull` policy, audited (`irsa-role-policy-put`). */
export function putPullPolicyAudited(
  iam: IAMClient,
  spec: IrsaRoleSpec,
  audit: WriteAudit,
  target: AuditTarget,
): Promise<void> {
  return audit.write('irsa-role-policy-put', policyTarget(spec, target), () =>
    putPullPolicy(iam, spec),
  );
}

/** A dry run's `irsa-role-create` and `irsa-role-policy-put`, which it does not make. */
export async function wouldCreateRole(
  spec: IrsaRoleSpec,
  audit: WriteAudit,
  target: AuditTarget,
  taskToken: string,
): Promise<void> {
  await audit.wouldWrite(
    'irsa-role-create',
    createRoleTarget(spec, target, taskToken),
  );
  await audit.wouldWrite('irsa-role-policy-put', policyTarget(spec, target));
}

/**
 * Deletes a role this task created (its policy, then the role), audited (`irsa-role-delete`)
 * with why: `incomplete` (a failed creation cleaned up) or `rollback` (a later step failed).
 */
export function deleteRoleAudited(
  iam: IAMClient,
  spec: IrsaRoleSpec,
  audit: WriteAudit,
  target: AuditTarget & { reason: 'incomplete' | 'rollback' },
): Promise<void> {
  return audit.write('irsa-role-delete', roleTarget(spec, target), () =>
    deleteRole(iam, spec.roleName),
  );
}
