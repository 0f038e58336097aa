import { createMockDirectory } from '@backstage/backend-test-utils';
import { parse } from 'yaml';
import {
  exampleCases,
  renderExample,
} from '../__testUtils__/renderingExamples';
import { createRenderRemovalAction } from './renderRemoval';
import { examples } from './renderRemoval.examples';

describe('ecr-access:migration:render examples', () => {
  const workspace = createMockDirectory();
  const action = createRenderRemovalAction();

  it.each(exampleCases(examples))('%s', async (_description, example) => {
    const { step, ctx } = await renderExample(action, example, workspace);
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
  });
});
