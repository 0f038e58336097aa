import { createMockDirectory } from '@backstage/backend-test-utils';
import type {
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { parse } from 'yaml';

/** What an example's run left behind: its step, the action's context and the workspace. */
export interface RenderedExample {
  step: { action: string; input: any };
  ctx: ReturnType<typeof createMockActionContext>;
  workspace: ReturnType<typeof createMockDirectory>;
}

/**
 * A test for each example of a rendering action (what the template editor shows): the
 * example is a step of this action whose input the action's schema accepts, and the action
 * runs it in an empty workspace; `expectRendered` says what it must have written there.
 */
export function itRendersEachExample(
  action: TemplateAction<any, any, any>,
  examples: TemplateExample[],
  expectRendered: (rendered: RenderedExample) => void,
) {
  const workspace = createMockDirectory();
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
      expectRendered({ step, ctx, workspace });
    },
  );
}
