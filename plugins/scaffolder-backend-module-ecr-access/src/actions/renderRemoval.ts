import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { withPublicErrors } from '../errors/publicError';
import {
  deleteArgv,
  deleteCommand,
  removedYaml,
} from '../rendering/removedObjects';
import { ACTION_IDS } from './actionIds';
import { parseActionInput } from './actionInput';
import { examples } from './renderRemoval.examples';
import { renderRemovalInput } from './renderRemovalInput';

/**
 * `ecr-access:migration:render`: the part of a migration off a rotating pull secret that names
 * what goes away: `<targetPath>/removed.yaml` (the refresher CronJob, its RBAC and
 * ServiceAccount, the secret), serialized by the `yaml` library, and the `kubectl delete` of
 * them as a shell-quoted line (`deleteCommand`) for the instructions. Names are checked first
 * (DNS-1123), so no value can add an object to the list or a word to the command.
 *
 * @public
 */
export function createRenderRemovalAction() {
  return createTemplateAction({
    id: ACTION_IDS.renderRemoval,
    description:
      'Writes removed.yaml (the pull secret, its refresher CronJob and its RBAC) into the workspace and outputs the kubectl line that deletes them, shell-quoted',
    examples,
    supportsDryRun: true,
    schema: {
      input: renderRemovalInput,
      output: {
        files: z =>
          z.array(z.string(), {
            description: 'Path of removed.yaml, relative to the workspace',
          }),
        deleteCommand: z =>
          z.string({
            description:
              'kubectl -n <namespace> delete …: the objects of removed.yaml, each word shell-quoted',
          }),
      },
    },
    async handler(ctx) {
      await withPublicErrors(ctx, async () => {
        const input = parseActionInput(renderRemovalInput, ctx.input);
        let folder: string;
        try {
          folder = resolveSafeChildPath(ctx.workspacePath, input.targetPath);
        } catch (error) {
          if (!(error instanceof NotAllowedError)) throw error;
          throw new InputError(
            `targetPath: '${input.targetPath}' is outside the workspace; give a relative path inside it`,
          );
        }
        await fs.mkdir(folder, { recursive: true });
        await fs.writeFile(
          path.join(folder, 'removed.yaml'),
          removedYaml(input),
        );
        const file = path.posix.join(input.targetPath, 'removed.yaml');
        ctx.logger.info(
          `Rendered ${file}: ${deleteArgv(input).slice(4).join(', ')}`,
        );
        ctx.output('files', [file]);
        ctx.output('deleteCommand', deleteCommand(input));
      });
    },
  });
}
