import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ensureIrsaRole } from '../irsa/ensureRole';
import { parseActionInput } from './actionInput';
import { authorizeProvisioning } from './authorize';
import { ProvisioningActionOptions, resolveDeps } from './deps';
import { examples } from './createIrsaRole.examples';
import { inputFields } from './inputFields';
import { roleOutputFields } from './outputFields';
import { planRole } from './planRole';
import { roleTaskToken } from './taskToken';

const ID = 'ecr-access:irsa:role:create';

const inputSchema = {
  cluster: inputFields.cluster,
  namespace: inputFields.namespace,
  serviceAccountName: inputFields.serviceAccountName,
  repositories: inputFields.repositories,
  entityRef: inputFields.entityRef,
  roleName: inputFields.roleName,
};

/**
 * `ecr-access:irsa:role:create`: an IAM role that exactly one ServiceAccount of one cluster can
 * assume, with an ECR pull policy scoped to the named repositories. Idempotent: an identical
 * role created by this plugin is reused with zero writes; any other role of that name is an
 * error and left untouched.
 *
 * @public
 */
export function createIrsaRoleAction(options: ProvisioningActionOptions) {
  const deps = resolveDeps(options);
  return createTemplateAction({
    id: ID,
    description:
      'Creates (or reuses, if identical) an IAM role for one ServiceAccount (IRSA) with a least-privilege ECR pull policy',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: roleOutputFields,
    },
    async handler(ctx) {
      await authorizeProvisioning(deps.permissions, ctx, ID);
      const input = parseActionInput(inputSchema, ctx.input);
      const plan = await planRole(deps, input);
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
          auditor: deps.auditor,
          auditMeta: {
            cluster: plan.cluster.name,
            entityRef: input.entityRef,
          },
        });
      // A retried task finds the role step done and does not call IAM again.
      const result = ctx.isDryRun
        ? await run()
        : await ctx.checkpoint({
            key: `irsa-role.${plan.spec.roleName}`,
            fn: async () => ({ ...(await run()) }),
          });
      ctx.output('roleArn', result.roleArn);
      ctx.output('roleName', result.roleName);
      ctx.output('outcome', result.outcome);
      ctx.output('oidcProviderArn', plan.oidcProviderArn);
      ctx.output('trustPolicy', JSON.stringify(plan.spec.trustPolicy));
      ctx.output('pullPolicy', JSON.stringify(plan.spec.pullPolicy));
    },
  });
}
