import { writes } from '../__testUtils__/sandbox';
import {
  expectNoInternals,
  failure,
  readTemplate,
  runTask,
  sandboxObjects,
  templateEntity,
} from '../__testUtils__/scaffolderBackend';
import { useTemplateSuite } from '../__testUtils__/templateSuite';
import { newServiceValues } from '../__testUtils__/templateValues';

/**
 * "New service with IRSA" with a Git host: its publish step (publish:github) can fail after
 * the role and the ServiceAccount exist, e.g. when the repository is already there. Here a
 * step that fails stands in for it; the template's last step (ecr-access:irsa:rollback, run
 * only after a failure) must undo what this run created, and only that.
 */
function withFailingPublish() {
  const template = readTemplate('new-service-with-irsa');
  template.metadata.name = 'new-service-with-irsa-failing-publish';
  const publish = template.spec.steps.find((s: any) => s.id === 'publish');
  publish.action = 'test:fail';
  publish.input = {};
  return template;
}

const values = newServiceValues('payout-api');

describe('a step after the provisioning fails', () => {
  const { sandbox, baseUrl } = useTemplateSuite([
    templateEntity('new-service-with-irsa'),
    templateEntity('new-service-with-irsa', withFailingPublish()),
  ]);

  it('the rollback step deletes the role and the ServiceAccount this run created: the sandbox is as before', async () => {
    const before = await sandboxObjects(sandbox());
    sandbox().resetRequestCounts();
    const run = await runTask(
      baseUrl(),
      'template:default/new-service-with-irsa-failing-publish',
      values,
    );
    expect(run.task.status).toBe('failed');
    expect(failure(run.events).stepId).toBe('publish');
    const rollback = run.events.filter(e => e.body?.stepId === 'rollback');
    expect(rollback.map(e => e.body.status).filter(Boolean)).toEqual([
      'processing',
      'completed',
    ]);
    // Made, then undone: the writes happened, and the sandbox holds nothing new.
    expect(writes(sandbox())).toEqual({
      'iam/CreateRole': 1,
      'iam/PutRolePolicy': 1,
      'kubernetes:prod-use1/create:serviceaccounts': 1,
      'kubernetes:prod-use1/delete:serviceaccounts': 1,
      'iam/DeleteRolePolicy': 1,
      'iam/DeleteRole': 1,
    });
    expect(await sandboxObjects(sandbox())).toEqual(before);
    expectNoInternals(run.events);
  });

  it('what existed before the run (a reused role, an unchanged ServiceAccount) is left alone', async () => {
    const ok = await runTask(
      baseUrl(),
      'template:default/new-service-with-irsa',
      { ...values, name: 'payout-web' },
    );
    expect(ok.task.status).toBe('completed');
    const before = await sandboxObjects(sandbox());
    sandbox().resetRequestCounts();
    const run = await runTask(
      baseUrl(),
      'template:default/new-service-with-irsa-failing-publish',
      { ...values, name: 'payout-web' },
    );
    expect(run.task.status).toBe('failed');
    expect(JSON.stringify(run.events)).toContain(
      'nothing to undo: the provisioning step created neither the IAM role nor the ServiceAccount in this run',
    );
    expect(writes(sandbox())).toEqual({});
    expect(await sandboxObjects(sandbox())).toEqual(before);
  });

  it('a run that succeeds skips the rollback step', async () => {
    const run = await runTask(
      baseUrl(),
      'template:default/new-service-with-irsa',
      {
        ...values,
        name: 'payout-batch',
      },
    );
    expect(run.task.status).toBe('completed');
    expect(run.events.map(e => e.body?.message)).toContain(
      'Skipping step rollback because its if condition was false',
    );
  });
});
