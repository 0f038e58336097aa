import { parse } from 'yaml';
import { itRendersEachExample } from '../__testUtils__/renderingExamples';
import { createRenderRemovalAction } from './renderRemoval';
import { examples } from './renderRemoval.examples';

describe('ecr-access:migration:render examples', () => {
  itRendersEachExample(
    createRenderRemovalAction(),
    examples,
    ({ step, ctx, workspace }) => {
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
