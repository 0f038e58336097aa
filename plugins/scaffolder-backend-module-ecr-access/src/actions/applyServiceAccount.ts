import { ACTION_IDS } from './actionIds';
import type { ProvisioningActionOptions } from './deps';
import { examples } from './applyServiceAccount.examples';
import { serviceAccountInputSchema } from './inputFields';
import { createProvisioningAction } from './provisioningAction';
import { serviceAccountOutputFields } from './serviceAccountOutputFields';
import {
  outputServiceAccount,
  runServiceAccountStep,
} from './serviceAccountStep';

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
  return createProvisioningAction(options, {
    id: ACTION_IDS.applyServiceAccount,
    description:
      'Creates or patches a ServiceAccount annotated with an IRSA role (role-arn, and ecr-role-arn where kubelets pull with service-account tokens)',
    examples,
    schema: {
      input: serviceAccountInputSchema,
      output: serviceAccountOutputFields,
    },
    async run(deps, ctx, input, audit) {
      const result = await runServiceAccountStep(deps, ctx, input, audit);
      ctx.logger.info(
        `ServiceAccount ${input.namespace}/${input.serviceAccountName} on ${input.cluster}: ${result.outcome}`,
      );
      outputServiceAccount(ctx, input, result);
    },
  });
}
