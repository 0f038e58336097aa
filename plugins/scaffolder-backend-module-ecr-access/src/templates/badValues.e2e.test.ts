import { writes } from '../__testUtils__/sandbox';
import {
  ORDERS_WORKER,
  expectNoInternals,
  failure,
  readTemplate,
  runTask,
  sandboxObjects,
  templateEntity,
  withoutFormChecks,
} from '../__testUtils__/scaffolderBackend';
import { useTemplateSuite } from '../__testUtils__/templateSuite';
import {
  ORDERS_WORKER_MIGRATION,
  newServiceValues,
} from '../__testUtils__/templateValues';

/**
 * A bad value in each parameter of each template in turn, over the scaffolder's task API:
 * the form's patterns refuse it (400, no task); with the patterns gone (a request that skipped
 * the form, a template that forgot one), the first step, ecr-access:plan:validate, refuses it
 * and names the field. Either way the sandbox holds no new IAM role and no new Kubernetes
 * object, and nothing at all was written.
 */
const templates = [
  {
    folder: 'new-service-with-irsa',
    good: { ...newServiceValues('ledger-api'), description: 'Ledger' },
    // parameter: [bad value, the field validate's message starts with]
    bad: {
      name: ['Ledger_API', 'serviceAccountName'],
      description: ['two\nlines: injected', 'description'],
      owner: ['group:default/team\nspec: {}', 'owner'],
      cluster: ['prod-use1\n', 'cluster'],
      namespace: ['Payments', 'namespace'],
      repository: ['payments/API', 'repositories[0]'],
      registry: ['evil.example.com/x', 'image.registry'],
      imageTag: ['1.0.0\nkind: Secret', 'image.tag'],
    },
  },
  {
    folder: 'migrate-off-pull-secret',
    good: ORDERS_WORKER_MIGRATION,
    bad: {
      entity: ['component:default/orders-worker\nx', 'entityRef'],
      cluster: ['nowhere', 'cluster'],
      namespace: ['Payments', 'namespace'],
      deployment: ['orders_worker', 'names.deployment'],
      serviceAccountName: ['Orders', 'serviceAccountName'],
      repositories: [['payments/*'], 'repositories[0]'],
      pullSecret: ['regcred\n      namespace: kube-system', 'names.pullSecret'],
      refresherCronJob: ['ecr cred', 'names.refresherCronJob'],
    },
  },
] as const;

describe('a bad value in each template parameter creates nothing', () => {
  const { sandbox, baseUrl } = useTemplateSuite([
    ORDERS_WORKER,
    ...templates.flatMap(({ folder }) => [
      templateEntity(folder),
      templateEntity(folder, withoutFormChecks(readTemplate(folder))),
    ]),
  ]);

  const cases = templates.flatMap(({ folder, good, bad }) =>
    Object.entries(bad).map(
      ([parameter, [value, field]]) =>
        [folder, parameter, value, field, good] as const,
    ),
  );

  it('every parameter of every template is covered', () => {
    for (const { folder, bad } of templates) {
      const parameters = readTemplate(folder).spec.parameters.flatMap(
        (page: any) => Object.keys(page.properties),
      );
      expect(Object.keys(bad).sort()).toEqual(parameters.sort());
    }
  });

  it.each(cases)(
    '%s, %s: the form refuses it, and so does the first step without the form',
    async (folder, parameter, value, field, good) => {
      const before = await sandboxObjects(sandbox());
      sandbox().resetRequestCounts();
      const name = readTemplate(folder).metadata.name;
      const values = { ...good, [parameter]: value };

      const refused = await runTask(
        baseUrl(),
        `template:default/${name}`,
        values,
      );
      expect(refused.status).toBe(400);

      const unchecked = await runTask(
        baseUrl(),
        `template:default/${name}-unchecked`,
        values,
      );
      expect(unchecked.task.status).toBe('failed');
      const { stepId, message } = failure(unchecked.events);
      expect(stepId).toBe('validate');
      expect(message).toMatch(
        new RegExp(
          `^InputError: (.*; )?${field.replace(/[.[\]]/g, '\\$&')}[: ]`,
        ),
      );
      expectNoInternals(unchecked.events);

      expect(writes(sandbox())).toEqual({});
      expect(await sandboxObjects(sandbox())).toEqual(before);
    },
  );

  // Values the form accepts, that only a read can tell are wrong: refused by the first step,
  // with nothing created, rather than by a later one after the role exists.
  const unusable = [
    [
      'new-service-with-irsa',
      'a registry of another region than the repository',
      { registry: '111122223333.dkr.ecr.us-west-2.amazonaws.com' },
      /^InputError: image\.registry: .*account 111122223333, region us-east-1/,
    ],
    [
      'new-service-with-irsa',
      'a name whose role someone else made (irsa-shop-web)',
      { namespace: 'shop', name: 'web' },
      /^ConflictError: roleName: IAM role .*irsa-shop-web already exists and was not created by ecr-access/,
    ],
    [
      'new-service-with-irsa',
      'a namespace the cluster does not have',
      { namespace: 'nowhere' },
      /^InputError: namespace: cluster 'prod-use1' has no namespace 'nowhere'/,
    ],
    [
      'migrate-off-pull-secret',
      'a ServiceAccount that Helm manages',
      {
        cluster: 'prod-use1',
        namespace: 'charts',
        serviceAccountName: 'chart-sa',
      },
      /^ConflictError: serviceAccountName: ServiceAccount charts\/chart-sa is managed by Helm/,
    ],
  ] as const;

  it.each(unusable)(
    '%s: %s is refused by the first step',
    async (folder, _what, change, expected) => {
      const before = await sandboxObjects(sandbox());
      sandbox().resetRequestCounts();
      const { good } = templates.find(t => t.folder === folder)!;
      const name = readTemplate(folder).metadata.name;
      const run = await runTask(baseUrl(), `template:default/${name}`, {
        ...good,
        ...change,
      });
      expect(run.task.status).toBe('failed');
      const { stepId, message } = failure(run.events);
      expect(stepId).toBe('validate');
      expect(message).toMatch(expected);
      expectNoInternals(run.events);
      expect(writes(sandbox())).toEqual({});
      expect(await sandboxObjects(sandbox())).toEqual(before);
    },
  );
});
