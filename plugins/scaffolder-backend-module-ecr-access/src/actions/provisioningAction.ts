import {
  ActionContext,
  TemplateExample,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type { z } from 'zod/v3';
import { WriteAudit, actorOf, writeAudit } from '../audit/writeAudit';
import { withPublicErrors } from '../errors/publicError';
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
 * AWS or Kubernetes call, parses its own input (defaults applied) before `run` sees it, and
 * gives `run` the auditor of its writes, which names the task's initiator, and hands what it
 * throws to the scaffolder without internals (`publicError`). One definition, so no action can
 * skip any of them.
 */
export function createProvisioningAction<
  TSchema extends FieldSchemas,
  TOutput extends FieldSchemas,
  TInput extends FieldSchemas = TSchema,
>(
  options: ProvisioningActionOptions,
  action: {
    id: string;
    description: string;
    examples: TemplateExample[];
    schema: { input: TSchema; output: TOutput };
    /**
     * The fields the handler parses the input with; by default the schema's. An action whose
     * whole job is validating (`plan:validate`) shows a schema of types only, so that its own
     * messages, not the engine's (which carry a stack), tell what is wrong.
     */
    inputFields?: TInput;
    run(
      deps: ProvisioningDeps,
      ctx: ActionContext<any, any>,
      input: ReturnType<typeof parseActionInput<TInput>>,
      audit: WriteAudit,
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
      await withPublicErrors(ctx, async () => {
        const credentials = await authorizeProvisioning(
          deps.permissions,
          ctx,
          action.id,
        );
        const input = parseActionInput(
          action.inputFields ?? (action.schema.input as FieldSchemas as TInput),
          ctx.input,
        );
        const audit = writeAudit(deps.auditor, {
          actor: actorOf(credentials),
          action: action.id,
          taskId: ctx.task?.id,
          dryRun: Boolean(ctx.isDryRun),
        });
        await action.run(deps, ctx, input, audit);
      });
    },
  });
}
