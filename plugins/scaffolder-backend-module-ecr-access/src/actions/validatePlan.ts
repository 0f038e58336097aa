import { repositoryArns } from '../irsa/repositories';
import { ACTION_IDS } from './actionIds';
import type { ProvisioningActionOptions } from './deps';
import { plannedImage } from './imagePlan';
import { plannedRoleOutcome, plannedServiceAccount } from './planChecks';
import { planRole } from './planRole';
import { createProvisioningAction } from './provisioningAction';
import { examples } from './validatePlan.examples';
import { validatePlanFields, validatePlanSchema } from './validatePlanInput';
import { validatePlanOutput } from './validatePlanOutput';

/**
 * `ecr-access:plan:validate`: the first step of a template. Checks every value the later steps
 * will use, and reads what it can (the cluster is configured and answers, its OIDC provider
 * exists in the account, no role of that name is someone else's or differs, the namespace
 * exists, the ServiceAccount is not another tool's), so that a bad value or a missing piece
 * fails the task before anything is created. Only reads, in a dry run and in a real run alike;
 * its outputs are what the later steps should use (the role's ARN, the image).
 *
 * @public
 */
export function createValidatePlanAction(options: ProvisioningActionOptions) {
  return createProvisioningAction(options, {
    id: ACTION_IDS.validatePlan,
    description:
      'Validates a template’s values before anything is created: names, repositories, image, and what can be read (cluster reachable, OIDC provider present, no foreign role of that name, namespace, ServiceAccount). Only reads',
    examples,
    schema: { input: validatePlanSchema, output: validatePlanOutput },
    inputFields: validatePlanFields,
    async run(deps, ctx, input) {
      const plan = await planRole(deps, input);
      const image =
        input.image &&
        plannedImage(
          input.image,
          input.repositories.map(given => ({
            given,
            arn: repositoryArns([given], plan.cluster)[0],
          })),
        );
      const outcome = await plannedRoleOutcome(plan);
      const serviceAccount = await plannedServiceAccount(
        deps,
        plan,
        input,
        ctx.logger,
      );
      ctx.logger.info(
        `Plan checked: IAM role ${plan.spec.arn} (${outcome}), ServiceAccount ${
          input.namespace
        }/${input.serviceAccountName} on ${plan.cluster.name} (${
          serviceAccount.outcome
        })${image ? `, image ${image}` : ''}; nothing was written`,
      );
      ctx.output('roleArn', plan.spec.arn);
      ctx.output('roleName', plan.spec.roleName);
      ctx.output('outcome', outcome);
      ctx.output('oidcProviderArn', plan.oidcProviderArn);
      ctx.output(
        'serviceAccount',
        `${input.namespace}/${input.serviceAccountName}`,
      );
      ctx.output('serviceAccountOutcome', serviceAccount.outcome);
      ctx.output('annotations', serviceAccount.annotations);
      if (image) ctx.output('image', image);
    },
  });
}
