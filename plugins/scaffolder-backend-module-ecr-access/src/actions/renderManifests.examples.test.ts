import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { parse } from 'yaml';
import { createRenderManifestsAction } from './renderManifests';
import { examples } from './renderManifests.examples';

describe('ecr-access:manifests:render examples', () => {
  const workspace = createMockDirectory();
  const action = createRenderManifestsAction();

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
      const folder = step.input.targetPath ?? 'kubernetes';
      expect(workspace.content()).toEqual({
        [folder]: {
          'deployment.yaml': expect.stringContaining('kind: Deployment'),
          'serviceaccount.yaml': expect.stringContaining(
            'kind: ServiceAccount',
          ),
        },
      });
    },
  );
});
