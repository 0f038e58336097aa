import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { WriteAudit } from '../audit/writeAudit';
import { RoleResult, RoleStepError, ensureIrsaRole } from '../irsa/ensureRole';
import { inspectRole } from '../irsa/iamRole';
import type { ProvisioningDeps } from './deps';
import { RoleInput, RolePlan, planRole } from './planRole';
import { roleTaskToken } from './taskToken';

type RoleStepContext = Pick<
  ActionContext<any>,
  'checkpoint' | 'isDryRun' | 'logger'
>;

/** The role, made or reused once per task: retried attempts find the recorded step. */
async function checkpointedRole(
  deps: ProvisioningDeps,
  plan: RolePlan,
  ctx: RoleStepContext,
  input: RoleInput,
  audit: WriteAudit,
): Promise<RoleResult> {
  const taskToken = await roleTaskToken(ctx, plan.spec.roleName);
  const run = () =>
    ensureIrsaRole({
      iam: plan.iam,
      spec: plan.spec,
      taskToken,
      description: `IRSA for ${input.namespace}/${input.serviceAccountName} on ${plan.cluster.name} (${input.entityRef}), by Backstage`,
      dryRun: Boolean(ctx.isDryRun),
      propagation: deps.iamPropagation,
      logger: ctx.logger,
      audit,
      target: { cluster: plan.cluster.name, entityRef: input.entityRef },
    });
  if (ctx.isDryRun) return run();
  let ran = false;
  const result = await ctx.checkpoint({
    key: `irsa-role.${plan.spec.roleName}`,
    fn: async () => {
      ran = true;
      return { ...(await run()) };
    },
  });
  // A retried or recovered task skips the finished step without writing to IAM, unless the
  // role is no longer as recorded: gone (a rollback of the earlier attempt removed it, or
  // someone deleted it) or half-deleted (a rollback stopped between DeleteRolePolicy and
  // DeleteRole). One read tells; the role the outputs name is then made or completed again
  // (or, changed by someone else, refused) rather than reported from the record.
  if (!ran && (await inspectRole(plan.iam, plan.spec)).state !== 'same') {
    return run();
  }
  return result;
}

/**
 * The role step of `ecr-access:irsa:role:create` and `ecr-access:irsa:provision`, one path for
 * both: the role planned and checked against the engine, then created or reused idempotently
 * (ownership by tag and task token, dry run, checkpoint) by `ensureIrsaRole`. A failed write
 * names the action and the step, with what was cleaned up.
 */
export async function runRoleStep(
  actionId: string,
  deps: ProvisioningDeps,
  ctx: RoleStepContext,
  input: RoleInput,
  audit: WriteAudit,
): Promise<{ plan: RolePlan; role: RoleResult }> {
  const plan = await planRole(deps, input);
  try {
    return {
      plan,
      role: await checkpointedRole(deps, plan, ctx, input, audit),
    };
  } catch (error) {
    // Its message already names the failed write and its cleanup; the action is said here.
    throw error instanceof RoleStepError
      ? new Error(`${actionId}: the ${error.message}`, { cause: error })
      : error;
  }
}

/** The role step's outputs (`roleOutputFields`). */
export function outputRole(
  ctx: Pick<ActionContext<any>, 'output'>,
  { plan, role }: { plan: RolePlan; role: RoleResult },
): void {
  ctx.output('roleArn', role.roleArn);
  ctx.output('roleName', role.roleName);
  ctx.output('outcome', role.outcome);
  ctx.output('oidcProviderArn', plan.oidcProviderArn);
  ctx.output('trustPolicy', JSON.stringify(plan.spec.trustPolicy));
  ctx.output('pullPolicy', JSON.stringify(plan.spec.pullPolicy));
}
