import { ACTION_IDS } from './actionIds';
import type { ProvisioningActionOptions } from './deps';
import { examples } from './createIrsaRole.examples';
import { roleInputSchema } from './inputFields';
import { roleOutputFields } from './outputFields';
import { createProvisioningAction } from './provisioningAction';
import { outputRole, runRoleStep } from './roleStep';

/**
 * `ecr-access:irsa:role:create`: an IAM role that exactly one ServiceAccount of one cluster can
 * assume, with an ECR pull policy scoped to the named repositories. Idempotent: an identical
 * role created by this plugin is reused with zero writes; any other role of that name is an
 * error and left untouched.
 *
 * @public
 */
export function createIrsaRoleAction(options: ProvisioningActionOptions) {
  return createProvisioningAction(options, {
    id: ACTION_IDS.createIrsaRole,
    description:
      'Creates (or reuses, if identical) an IAM role for one ServiceAccount (IRSA) with a least-privilege ECR pull policy',
    examples,
    schema: { input: roleInputSchema, output: roleOutputFields },
    async run(deps, ctx, input, audit) {
      outputRole(
        ctx,
        await runRoleStep(ACTION_IDS.createIrsaRole, deps, ctx, input, audit),
      );
    },
  });
}
