import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseActionInput } from './actionInput';
import { authorizeProvisioning } from './authorize';
import { ProvisioningActionOptions, resolveDeps } from './deps';
import { examples } from './applyServiceAccount.examples';
import { serviceAccountInputSchema } from './inputFields';
import { serviceAccountOutputFields } from './serviceAccountOutputFields';
import {
  outputServiceAccount,
  runServiceAccountStep,
} from './serviceAccountStep';

const ID = 'ecr-access:serviceaccount:apply';

/**
 * `ecr-access:serviceaccount:apply`: creates the ServiceAccount, or merge-patches an existing
 * one, with `eks.amazonaws.com/role-arn` (and `eks.amazonaws.com/ecr-role-arn` where the
 * cluster's kubelets pull with service-account tokens) and the label Backstage finds it by.
 *
 * @public
 */
export function createApplyServiceAccountAction(
  options: ProvisioningActionOptions,
) {
  const deps = resolveDeps(options);
  return createTemplateAction({
    id: ID,
    description:
      'Creates or patches a ServiceAccount annotated with an IRSA role (role-arn, and ecr-role-arn where kubelets pull with service-account tokens)',
    examples,
    supportsDryRun: true,
    schema: {
      input: serviceAccountInputSchema,
      output: serviceAccountOutputFields,
    },
    async handler(ctx) {
      await authorizeProvisioning(deps.permissions, ctx, ID);
      const input = parseActionInput(serviceAccountInputSchema, ctx.input);
      const result = await runServiceAccountStep(deps, ctx, input);
      ctx.logger.info(
        `ServiceAccount ${input.namespace}/${input.serviceAccountName} on ${input.cluster}: ${result.outcome}`,
      );
      outputServiceAccount(ctx, input, result);
    },
  });
}
