import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { parse } from 'yaml';
import { createRenderRemovalAction } from './renderRemoval';
import { examples } from './renderRemoval.examples';

describe('ecr-access:migration:render examples', () => {
  const workspace = createMockDirectory();
  const action = createRenderRemovalAction();

  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_description, example) => {
      workspace.clear();
      const step = parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      expect(validate(step.input, action.schema!.input as any).errors).toEqual(
        [],
      );
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx as any);
      const removed = parse(
        (workspace.content() as any).kubernetes['removed.yaml'],
      );
      expect(
        removed.items.map((i: any) => `${i.kind}/${i.metadata.name}`),
      ).toEqual([
        `CronJob/${step.input.refresherCronJob}`,
        `RoleBinding/${step.input.refresherCronJob}`,
        `Role/${step.input.refresherCronJob}`,
        `ServiceAccount/${step.input.refresherCronJob}`,
        `Secret/${step.input.pullSecret}`,
      ]);
      expect(ctx.output).toHaveBeenCalledWith(
        'deleteCommand',
        `kubectl -n ${step.input.namespace} delete cronjob/${step.input.refresherCronJob} rolebinding/${step.input.refresherCronJob} role/${step.input.refresherCronJob} serviceaccount/${step.input.refresherCronJob} secret/${step.input.pullSecret}`,
      );
    },
  );
});
