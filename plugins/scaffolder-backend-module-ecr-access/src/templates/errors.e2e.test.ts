import { writes } from '../__testUtils__/sandbox';
import {
  dryRun,
  expectNoInternals,
  failure,
  readTemplate,
  runTask,
  sandboxObjects,
  templateEntity,
} from '../__testUtils__/scaffolderBackend';
import { useTemplateSuite } from '../__testUtils__/templateSuite';
import { newServiceValues } from '../__testUtils__/templateValues';

const values = newServiceValues('refund-api');

/** The template with only the step of that id: an action as a template author may use it alone. */
function onlyStep(id: string, input?: (input: any) => any) {
  const template = readTemplate('new-service-with-irsa');
  template.spec.steps = template.spec.steps
    .filter((s: any) => s.id === id)
    .map((s: any) => (input ? { ...s, input: input(s.input) } : s));
  return template;
}

// Issue 15, item 3: errors are a 4xx that says why, and neither the answer nor the task log
// shows a URL, an address, a file path or a stack frame, whatever NODE_ENV says (development
// puts stacks into error answers; the task log takes error.stack in every mode).
describe.each(['production', 'development'])('with NODE_ENV=%s', env => {
  const nodeEnv = process.env.NODE_ENV;
  const { sandbox, baseUrl } = useTemplateSuite(
    [templateEntity('new-service-with-irsa')],
    {
      starting: () => {
        process.env.NODE_ENV = env;
      },
      stopped: () => {
        process.env.NODE_ENV = nodeEnv;
      },
    },
  );

  describe('a cluster that is down', () => {
    beforeEach(() =>
      sandbox().setFaults([
        { api: 'kubernetes', cluster: 'prod-use1', down: true },
      ]),
    );
    afterEach(() => sandbox().setFaults([]));

    it('a dry run of the template answers 400 naming the cluster', async () => {
      const { status, body } = await dryRun(
        baseUrl(),
        'new-service-with-irsa',
        readTemplate('new-service-with-irsa'),
        values,
      );
      expect(status).toBe(400);
      expect(body.error.name).toBe('InputError');
      expect(body.error.message).toMatch(
        /^cluster: the Kubernetes API of cluster 'prod-use1' did not answer \(ECONNREFUSED\) to read namespace payments/,
      );
      expectNoInternals(body);
    });

    it('a dry run of the provisioning step alone answers 400, and says what it would have done', async () => {
      const { status, body } = await dryRun(
        baseUrl(),
        'new-service-with-irsa',
        onlyStep('irsa'),
        values,
      );
      expect(status).toBe(400);
      expect(body.error.message).toContain(
        "the ServiceAccount step failed: cluster: the Kubernetes API of cluster 'prod-use1' did not answer",
      );
      // The role was read (absent) and nothing was written: never "existed before".
      expect(body.error.message).toContain(
        'Cleanup: nothing to undo: a dry run writes nothing (IAM role arn:aws:iam::111122223333:role/backstage/irsa-payments-refund-api does not exist and would have been created)',
      );
      expect(body.error.message).not.toContain('existed before');
      expectNoInternals(body);
    });
  });

  it('with a cluster down, a task fails at its first step, naming the cluster, with nothing created', async () => {
    const before = await sandboxObjects(sandbox());
    await sandbox().setFaults([
      { api: 'kubernetes', cluster: 'prod-use1', down: true },
    ]);
    sandbox().resetRequestCounts();
    const run = await runTask(
      baseUrl(),
      'template:default/new-service-with-irsa',
      values,
    );
    expect(run.task.status).toBe('failed');
    expect(failure(run.events)).toEqual({
      stepId: 'validate',
      message: expect.stringMatching(
        /^InputError: cluster: the Kubernetes API of cluster 'prod-use1' did not answer/,
      ),
    });
    expectNoInternals(run.events);
    expect(writes(sandbox())).toEqual({});
    await sandbox().setFaults([]);
    expect(await sandboxObjects(sandbox())).toEqual(before);
  });

  it.each([
    ['__proto__', '{"__proto__":{"adopt":true},'],
    ['constructor', '{"constructor":"x",'],
  ])(
    '%s as an action input key is a 400 naming it, not silently dropped',
    async (key, prefix) => {
      // JSON.parse keeps "__proto__" as a key of its own, as the scaffolder's API receives it;
      // the scaffolder's schema check lets both keys through to the action.
      const template = onlyStep('validate', input =>
        JSON.parse(`${prefix}${JSON.stringify(input).slice(1)}`),
      );
      sandbox().resetRequestCounts();
      const { status, body } = await dryRun(
        baseUrl(),
        'new-service-with-irsa',
        template,
        values,
      );
      expect(status).toBe(400);
      expect(body.error.name).toBe('InputError');
      expect(body.error.message).toBe(
        `${key}: '${key}' is not an input of this action (a prototype key is never accepted)`,
      );
      expect(writes(sandbox())).toEqual({});
      expectNoInternals(body);
    },
  );

  it.each(['prototype', 'adoptt'])(
    '%s, a key the action does not know, is a 400 naming it',
    async key => {
      const { status, body } = await dryRun(
        baseUrl(),
        'new-service-with-irsa',
        onlyStep('validate', input => ({ ...input, [key]: true })),
        values,
      );
      expect(status).toBe(400);
      expect(body.error.message).toContain(`"${key}"`);
    },
  );
});
