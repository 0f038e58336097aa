import { errorLike } from '../errors/publicError';
import { ACTION_IDS } from './actionIds';
import type { ProvisioningActionOptions } from './deps';
import { examples } from './provisionIrsa.examples';
import { roleInputSchema, serviceAccountOptions } from './inputFields';
import { roleOutputFields } from './outputFields';
import { createProvisioningAction } from './provisioningAction';
import { cleanUpRoleAfter } from './roleRollback';
import { outputRole, runRoleStep } from './roleStep';
import { serviceAccountOutputFields } from './serviceAccountOutputFields';
import {
  outputServiceAccount,
  runServiceAccountStep,
} from './serviceAccountStep';

/**
 * `ecr-access:irsa:provision`: the IAM role and the ServiceAccount together, all or nothing:
 * when the ServiceAccount step fails, the role this run created is deleted again.
 *
 * @public
 */
export function createProvisionIrsaAction(options: ProvisioningActionOptions) {
  return createProvisioningAction(options, {
    id: ACTION_IDS.provisionIrsa,
    description:
      'Provisions IRSA for a service: the IAM role (trust for one ServiceAccount, ECR pull on named repositories) and the annotated ServiceAccount; undoes the role if the ServiceAccount step fails',
    examples,
    schema: {
      input: { ...roleInputSchema, ...serviceAccountOptions },
      output: { ...roleOutputFields, ...serviceAccountOutputFields },
    },
    async run(deps, ctx, input, audit) {
      const step = await runRoleStep(
        ACTION_IDS.provisionIrsa,
        deps,
        ctx,
        input,
        audit,
      );
      const { plan, role } = step;
      const serviceAccount = await runServiceAccountStep(
        deps,
        ctx,
        { ...input, roleArn: role.roleArn },
        audit,
      ).catch(async cause => {
        const cleanup = await cleanUpRoleAfter(cause, {
          plan,
          role,
          logger: ctx.logger,
          audit,
          entityRef: input.entityRef,
        });
        // Of the cause's kind: a cluster that did not answer stays an InputError (400 in a
        // dry run), a ServiceAccount another tool manages a ConflictError (409).
        throw errorLike(
          cause,
          `${
            ACTION_IDS.provisionIrsa
          }: the ServiceAccount step failed: ${String(
            (cause as Error).message ?? cause,
          ).replace(/\.$/, '')}. Cleanup: ${cleanup}`,
        );
      });
      outputRole(ctx, step);
      outputServiceAccount(ctx, input, serviceAccount);
    },
  });
}
