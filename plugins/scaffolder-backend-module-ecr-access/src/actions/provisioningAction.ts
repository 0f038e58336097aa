import {
  ActionContext,
  TemplateExample,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type { z } from 'zod/v3';
import { parseActionInput } from './actionInput';
import { authorizeProvisioning } from './authorize';
import {
  ProvisioningActionOptions,
  ProvisioningDeps,
  resolveDeps,
} from './deps';

type FieldSchemas = Record<string, (zod: typeof z) => z.ZodTypeAny>;

/**
 * A provisioning action (`irsa:role:create`, `serviceaccount:apply`, `irsa:provision`): each
 * writes IAM roles or ServiceAccounts, so each checks the provisioning permission before any
 * AWS or Kubernetes call and parses its own input (defaults applied) before `run` sees it. One
 * definition, so no action can skip either.
 */
export function createProvisioningAction<
  TInput extends FieldSchemas,
  TOutput extends FieldSchemas,
>(
  options: ProvisioningActionOptions,
  action: {
    id: string;
    description: string;
    examples: TemplateExample[];
    schema: { input: TInput; output: TOutput };
    run(
      deps: ProvisioningDeps,
      ctx: ActionContext<any, any>,
      input: ReturnType<typeof parseActionInput<TInput>>,
    ): Promise<void>;
  },
) {
  const deps = resolveDeps(options);
  return createTemplateAction({
    id: action.id,
    description: action.description,
    examples: action.examples,
    supportsDryRun: true,
    schema: action.schema,
    async handler(ctx) {
      await authorizeProvisioning(deps.permissions, ctx, action.id);
      const input = parseActionInput(action.schema.input, ctx.input);
      await action.run(deps, ctx, input);
    },
  });
}
