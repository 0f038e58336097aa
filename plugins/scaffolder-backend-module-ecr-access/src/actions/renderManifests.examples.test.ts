import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  exampleCases,
  renderExample,
} from '../__testUtils__/renderingExamples';
import { createRenderManifestsAction } from './renderManifests';
import { examples } from './renderManifests.examples';

describe('ecr-access:manifests:render examples', () => {
  const workspace = createMockDirectory();
  const action = createRenderManifestsAction();

  it.each(exampleCases(examples))('%s', async (_description, example) => {
    const { step } = await renderExample(action, example, workspace);
    const folder = step.input.targetPath ?? 'kubernetes';
    expect(workspace.content()).toEqual({
      [folder]: {
        'deployment.yaml': expect.stringContaining('kind: Deployment'),
        'serviceaccount.yaml': expect.stringContaining('kind: ServiceAccount'),
      },
    });
  });
});
