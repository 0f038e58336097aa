import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { deleteRole, inspectRole } from '../irsa/iamRole';
import { RoleResult, RoleStepError, ensureIrsaRole } from '../irsa/ensureRole';
import {
  ServiceAccountStateUnknownError,
  serviceAccountStateUnknown,
} from '../kubernetes/serviceAccountStateUnknown';
import { applyIrsaServiceAccount } from './applyServiceAccount';
import { parseActionInput } from './actionInput';
import { authorizeProvisioning } from './authorize';
import {
  ProvisioningActionOptions,
  ProvisioningDeps,
  resolveDeps,
} from './deps';
import { examples } from './provisionIrsa.examples';
import { inputFields } from './inputFields';
import { roleOutputFields } from './outputFields';
import { RolePlan, planRole } from './planRole';
import { serviceAccountOutputFields } from './serviceAccountOutputFields';
import { roleTaskToken } from './taskToken';

const ID = 'ecr-access:irsa:provision';

const inputSchema = {
  cluster: inputFields.cluster,
  namespace: inputFields.namespace,
  serviceAccountName: inputFields.serviceAccountName,
  repositories: inputFields.repositories,
  entityRef: inputFields.entityRef,
  roleName: inputFields.roleName,
  kubernetesId: inputFields.kubernetesId,
  adopt: inputFields.adopt,
};

/**
 * Removes the role this run created after a later step failed, and says what happened so the
 * error reports both the cause and the cleanup.
 */
async function rollBack(
  plan: RolePlan,
  role: RoleResult,
  logger: LoggerService,
): Promise<string> {
  if (role.outcome !== 'created') {
    return `nothing to undo: IAM role ${role.roleArn} existed before this run and was left as it was`;
  }
  try {
    await deleteRole(plan.iam, role.roleName);
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
  cause: ServiceAccountStateUnknownError,
  logger: LoggerService,
): string {
  const finish =
    'Run the template again once the cluster answers: the role is reused and the ServiceAccount completed';
  if (role.outcome !== 'created') {
    return `nothing to undo: IAM role ${role.roleArn} existed before this run and was left as it was. ${finish}`;
  }
  logger.warn(
    `Not rolling back IAM role ${role.roleArn}: ServiceAccount ${cause.serviceAccount} may already point at it`,
  );
  return `none: IAM role ${role.roleArn}, which this run created, was kept because ServiceAccount ${cause.serviceAccount} may already point at it. ${finish}; to abandon instead, remove the role's annotations from the ServiceAccount, then delete the role by hand`;
}

/** The role step, checkpointed; a role rolled back after an earlier attempt is made again. */
async function roleStep(
  deps: ProvisioningDeps,
  plan: RolePlan,
  ctx: Pick<ActionContext<any>, 'checkpoint' | 'isDryRun' | 'logger'>,
  entityRef: string,
  description: string,
): Promise<RoleResult> {
  const taskToken = await roleTaskToken(ctx, plan.spec.roleName);
  const run = () =>
    ensureIrsaRole({
      iam: plan.iam,
      spec: plan.spec,
      description,
      taskToken,
      dryRun: Boolean(ctx.isDryRun),
      propagation: deps.iamPropagation,
      logger: ctx.logger,
      auditor: deps.auditor,
      auditMeta: { cluster: plan.cluster.name, entityRef },
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
  // A retried task skips the finished step, unless a rollback of the earlier attempt removed
  // the role since; one read tells.
  if (!ran && (await inspectRole(plan.iam, plan.spec)).state === 'absent') {
    return run();
  }
  return result;
}

/**
 * `ecr-access:irsa:provision`: the IAM role and the ServiceAccount together, all or nothing:
 * when the ServiceAccount step fails, the role this run created is deleted again.
 *
 * @public
 */
export function createProvisionIrsaAction(options: ProvisioningActionOptions) {
  const deps = resolveDeps(options);
  return createTemplateAction({
    id: ID,
    description:
      'Provisions IRSA for a service: the IAM role (trust for one ServiceAccount, ECR pull on named repositories) and the annotated ServiceAccount; undoes the role if the ServiceAccount step fails',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: { ...roleOutputFields, ...serviceAccountOutputFields },
    },
    async handler(ctx) {
      await authorizeProvisioning(deps.permissions, ctx, ID);
      const input = parseActionInput(inputSchema, ctx.input);
      const plan = await planRole(deps, input);
      const role = await roleStep(
        deps,
        plan,
        ctx,
        input.entityRef,
        `IRSA for ${input.namespace}/${input.serviceAccountName} on ${plan.cluster.name} (${input.entityRef}), by Backstage`,
      ).catch(error => {
        // Its message already names the failed write and its cleanup; the step is said here.
        throw error instanceof RoleStepError
          ? new Error(`${ID}: the ${error.message}`, { cause: error })
          : error;
      });
      const applied = async () => {
        const { spec, outcome } = await applyIrsaServiceAccount(
          deps,
          { ...input, roleArn: role.roleArn },
          Boolean(ctx.isDryRun),
        );
        return { annotations: spec.annotations, outcome };
      };
      let serviceAccount;
      try {
        serviceAccount = ctx.isDryRun
          ? await applied()
          : await ctx.checkpoint({
              key: `serviceaccount.${plan.cluster.name}.${input.namespace}.${input.serviceAccountName}`,
              fn: applied,
            });
      } catch (cause) {
        const unknown = serviceAccountStateUnknown(cause);
        const cleanup = unknown
          ? keptForUnknownServiceAccount(role, unknown, ctx.logger)
          : await rollBack(plan, role, ctx.logger);
        throw new Error(
          `${ID}: the ServiceAccount step failed: ${String(
            (cause as Error).message ?? cause,
          ).replace(/\.$/, '')}. Cleanup: ${cleanup}`,
          { cause },
        );
      }
      ctx.output('roleArn', role.roleArn);
      ctx.output('roleName', role.roleName);
      ctx.output('outcome', role.outcome);
      ctx.output('oidcProviderArn', plan.oidcProviderArn);
      ctx.output('trustPolicy', JSON.stringify(plan.spec.trustPolicy));
      ctx.output('pullPolicy', JSON.stringify(plan.spec.pullPolicy));
      ctx.output(
        'serviceAccount',
        `${input.namespace}/${input.serviceAccountName}`,
      );
      ctx.output('serviceAccountOutcome', serviceAccount.outcome);
      ctx.output('annotations', serviceAccount.annotations);
    },
  });
}
