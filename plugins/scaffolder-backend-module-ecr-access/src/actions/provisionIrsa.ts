import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseActionInput } from './actionInput';
import { authorizeProvisioning } from './authorize';
import { ProvisioningActionOptions, resolveDeps } from './deps';
import { examples } from './provisionIrsa.examples';
import { roleInputSchema, serviceAccountOptions } from './inputFields';
import { roleOutputFields } from './outputFields';
import { cleanUpRoleAfter } from './roleRollback';
import { outputRole, runRoleStep } from './roleStep';
import { serviceAccountOutputFields } from './serviceAccountOutputFields';
import {
  outputServiceAccount,
  runServiceAccountStep,
} from './serviceAccountStep';

const ID = 'ecr-access:irsa:provision';

const inputSchema = { ...roleInputSchema, ...serviceAccountOptions };

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
      const step = await runRoleStep(ID, deps, ctx, input);
      const { plan, role } = step;
      const serviceAccount = await runServiceAccountStep(deps, ctx, {
        ...input,
        roleArn: role.roleArn,
      }).catch(async cause => {
        const cleanup = await cleanUpRoleAfter(cause, plan, role, ctx.logger);
        throw new Error(
          `${ID}: the ServiceAccount step failed: ${String(
            (cause as Error).message ?? cause,
          ).replace(/\.$/, '')}. Cleanup: ${cleanup}`,
          { cause },
        );
      });
      outputRole(ctx, step);
      outputServiceAccount(ctx, input, serviceAccount);
    },
  });
}
