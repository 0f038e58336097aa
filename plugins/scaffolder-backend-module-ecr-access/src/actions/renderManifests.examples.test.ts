import { itRendersEachExample } from '../__testUtils__/renderingExamples';
import { createRenderManifestsAction } from './renderManifests';
import { examples } from './renderManifests.examples';

describe('ecr-access:manifests:render examples', () => {
  itRendersEachExample(
    createRenderManifestsAction(),
    examples,
    ({ step, workspace }) => {
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
