import { createMockDirectory } from '@backstage/backend-test-utils';
import type {
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { parse } from 'yaml';

/** The examples of an action as `it.each` rows: each test is named by its description. */
export function exampleCases(examples: TemplateExample[]) {
  return examples.map(e => [e.description, e] as const);
}

/**
 * Runs one example of a rendering action (as the template editor shows it) in `workspace`,
 * emptied first: the example must be a step of this action whose input the action's schema
 * accepts. The step and the action's context, for the test to check what was rendered.
 */
export async function renderExample(
  action: TemplateAction<any, any, any>,
  example: TemplateExample,
  workspace: ReturnType<typeof createMockDirectory>,
) {
  workspace.clear();
  const step = parse(example.example).steps[0];
  expect(step.action).toBe(action.id);
  expect(validate(step.input, action.schema!.input as any).errors).toEqual([]);
  const ctx = createMockActionContext({
    input: step.input,
    workspacePath: workspace.path,
  });
  await action.handler(ctx as any);
  return { step, ctx };
}
