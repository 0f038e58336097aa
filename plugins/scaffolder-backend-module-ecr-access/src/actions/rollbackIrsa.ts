import type { WriteAudit } from '../audit/writeAudit';
import { inspectRole } from '../irsa/iamRole';
import { deleteRoleAudited } from '../irsa/roleAudit';
import { deleteCreatedServiceAccount } from '../kubernetes/deleteServiceAccount';
import { ACTION_IDS } from './actionIds';
import type { ProvisioningActionOptions, ProvisioningDeps } from './deps';
import { roleInputSchema } from './inputFields';
import { RoleInput, RolePlan, planRole } from './planRole';
import { createProvisioningAction } from './provisioningAction';
import { examples } from './rollbackIrsa.examples';

type Z = typeof import('zod/v3').z;

const provisionedOutcome = (what: string) => (z: Z) =>
  z
    .string({
      description: `The ${what} output of the provisioning step (empty when that step did not finish: it cleans up after itself)`,
    })
    .optional();

/** The ServiceAccount this run created, deleted while it still points at the role. */
async function undoServiceAccount(
  deps: ProvisioningDeps,
  plan: RolePlan,
  input: RoleInput,
  audit: WriteAudit,
): Promise<string> {
  const name = `${input.namespace}/${input.serviceAccountName}`;
  const outcome = await deleteCreatedServiceAccount({
    api: await deps.kubernetes.coreV1(plan.cluster.name),
    spec: { namespace: input.namespace, name: input.serviceAccountName },
    roleArn: plan.spec.arn,
    audit,
    target: { cluster: plan.cluster.name, roleArn: plan.spec.arn },
  });
  return {
    deleted: `deleted ServiceAccount ${name}`,
    'would-delete': `would delete ServiceAccount ${name}`,
    gone: `ServiceAccount ${name} was already gone`,
    kept: `kept ServiceAccount ${name}: it no longer points at the role, so someone changed it since`,
  }[outcome];
}

/** The role this run created, deleted while it is still exactly as created. */
async function undoRole(
  plan: RolePlan,
  input: RoleInput,
  audit: WriteAudit,
): Promise<string> {
  const arn = plan.spec.arn;
  const existing = await inspectRole(plan.iam, plan.spec);
  if (existing.state === 'absent') return `IAM role ${arn} was already gone`;
  if (existing.state !== 'same') {
    return `kept IAM role ${arn}: it changed since this run created it`;
  }
  if (audit.dryRun) return `would delete IAM role ${arn}`;
  await deleteRoleAudited(plan.iam, plan.spec, audit, {
    cluster: plan.cluster.name,
    entityRef: input.entityRef,
    reason: 'rollback',
  });
  return `deleted IAM role ${arn}`;
}

/** Undoes what the provisioning step reported creating, and only that; says what was done. */
async function rollBack(
  deps: ProvisioningDeps,
  input: RoleInput & { outcome?: string; serviceAccountOutcome?: string },
  audit: WriteAudit,
): Promise<string[]> {
  const roleCreated = input.outcome === 'created';
  const accountCreated = input.serviceAccountOutcome === 'created';
  if (!roleCreated && !accountCreated) {
    return [
      'nothing to undo: the provisioning step created neither the IAM role nor the ServiceAccount in this run',
    ];
  }
  const plan = await planRole(deps, input);
  const done: string[] = [];
  if (accountCreated) {
    done.push(await undoServiceAccount(deps, plan, input, audit));
  }
  if (roleCreated && input.serviceAccountOutcome === 'patched') {
    // The ServiceAccount existed before and now points at the role: deleting the role would
    // break it, and its earlier annotations are not something this run recorded.
    done.push(
      `kept IAM role ${plan.spec.arn}: ServiceAccount ${input.namespace}/${input.serviceAccountName} existed before this run and now points at it; remove its annotations, then delete the role, to abandon`,
    );
  } else if (roleCreated) {
    done.push(await undoRole(plan, input, audit));
  }
  return done;
}

/**
 * `ecr-access:irsa:rollback`: the last step of a template, run only when an earlier step failed
 * (its `if` calls `failure()`). A step after `ecr-access:irsa:provision` (publishing, applying,
 * registering) can still fail once the role and the ServiceAccount exist; this deletes what the
 * provisioning step says it created in this run (its outcome and serviceAccountOutcome are
 * `created`), each only while it is as that step left it. A reused role, a patched
 * ServiceAccount, anything made before this run, is left alone.
 *
 * @public
 */
export function createRollbackIrsaAction(options: ProvisioningActionOptions) {
  return createProvisioningAction(options, {
    id: ACTION_IDS.rollbackIrsa,
    description:
      'After a later step failed: deletes the IAM role and the ServiceAccount that ecr-access:irsa:provision created in this run, and nothing else',
    examples,
    schema: {
      input: {
        ...roleInputSchema,
        outcome: provisionedOutcome('outcome'),
        serviceAccountOutcome: provisionedOutcome('serviceAccountOutcome'),
      },
      output: {
        rolledBack: z =>
          z.array(z.string(), {
            description: 'What was undone or kept, and why',
          }),
      },
    },
    async run(deps, ctx, input, audit) {
      const done = await rollBack(deps, input, audit);
      for (const line of done) ctx.logger.warn(`Rollback: ${line}`);
      ctx.output('rolledBack', done);
    },
  });
}
