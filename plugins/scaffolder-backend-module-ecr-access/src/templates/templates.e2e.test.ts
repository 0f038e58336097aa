import { mockCredentials } from '@backstage/backend-test-utils';
import { expectNoSecrets } from '@ecr-access/test-utils';
import { parse } from 'yaml';
import { writes } from '../__testUtils__/sandbox';
import {
  ORDERS_WORKER,
  dryRun,
  readTemplate,
  runTaskToCompletion,
  templateEntity,
} from '../__testUtils__/scaffolderBackend';
import { useTemplateSuite } from '../__testUtils__/templateSuite';
import {
  ORDERS_WORKER_MIGRATION,
  newServiceValues,
} from '../__testUtils__/templateValues';

/** A dry run of the template of examples/templates/<folder> that must succeed, step by step. */
async function dryRunSucceeding(
  baseUrl: string,
  folder: string,
  values: Record<string, unknown>,
) {
  const { status, body, files } = await dryRun(
    baseUrl,
    folder,
    readTemplate(folder),
    values,
  );
  expect(status).toBe(200);
  expect(body.log.filter((l: any) => l.body.status === 'failed')).toEqual([]);
  return { body, files };
}

// The template as the scaffolder runs it (its dry run, as the template editor does): every
// expression, step input and skeleton file, with the actions over the sandbox.
describe('the ecr-access templates', () => {
  const { sandbox, baseUrl } = useTemplateSuite([
    ORDERS_WORKER,
    templateEntity('new-service-with-irsa'),
    templateEntity('migrate-off-pull-secret'),
  ]);

  it('"New service with IRSA" dry-runs end to end with zero writes, rendering the manifests and the entity', async () => {
    sandbox().resetRequestCounts();
    const { body, files } = await dryRunSucceeding(
      baseUrl(),
      'new-service-with-irsa',
      newServiceValues('billing-api'),
    );
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'catalog-info.yaml',
      'kubernetes/deployment.yaml',
      'kubernetes/serviceaccount.yaml',
    ]);
    // The role is recorded on the new entity (catalogInfoPath on the manifests step).
    const entity = parse(files['catalog-info.yaml']);
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'billing-api',
      'backstage.io/kubernetes-namespace': 'payments',
      'ecr-access.io/role-arn':
        'arn:aws:iam::111122223333:role/backstage/irsa-payments-billing-api',
    });
    const serviceAccount = parse(files['kubernetes/serviceaccount.yaml']);
    expect(serviceAccount.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn':
        'arn:aws:iam::111122223333:role/backstage/irsa-payments-billing-api',
      'eks.amazonaws.com/ecr-role-arn':
        'arn:aws:iam::111122223333:role/backstage/irsa-payments-billing-api',
    });
    const deployment = parse(files['kubernetes/deployment.yaml']);
    expect(deployment.spec.template.spec.serviceAccountName).toBe(
      'billing-api',
    );
    expect(deployment.spec.template.spec.imagePullSecrets).toBeUndefined();
    expect(body.output.text[0].content).toContain('would-create');
    expect(writes(sandbox())).toEqual({});
    // the task log, the outputs and every file the template wrote
    expectNoSecrets(sandbox(), { 'the dry run': body });
  });

  it('"Migrate a service off its rotating pull secret" dry-runs with zero writes and renders the change', async () => {
    sandbox().resetRequestCounts();
    const { body, files } = await dryRunSucceeding(
      baseUrl(),
      'migrate-off-pull-secret',
      ORDERS_WORKER_MIGRATION,
    );
    expect(Object.keys(files).sort()).toEqual([
      'MIGRATION.md',
      'kubernetes/deployment-patch.yaml',
      'kubernetes/removed.yaml',
      'kubernetes/serviceaccount.yaml',
    ]);
    const roleArn =
      'arn:aws:iam::111122223333:role/backstage/irsa-payments-orders-worker';
    // shared-usw2 pulls with the node role: role-arn only, no ecr-role-arn
    expect(parse(files['kubernetes/serviceaccount.yaml'])).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'orders-worker',
        namespace: 'payments',
        labels: { 'backstage.io/kubernetes-id': 'orders-worker' },
        annotations: { 'eks.amazonaws.com/role-arn': roleArn },
      },
    });
    const patch = parse(files['kubernetes/deployment-patch.yaml']);
    expect(patch.spec.template.spec).toEqual({
      serviceAccountName: 'orders-worker',
      imagePullSecrets: null,
    });
    expect(
      parse(files['kubernetes/removed.yaml']).items.map(
        (i: any) => `${i.kind}/${i.metadata.name}`,
      ),
    ).toEqual([
      'CronJob/ecr-cred-refresher',
      'RoleBinding/ecr-cred-refresher',
      'Role/ecr-cred-refresher',
      'ServiceAccount/ecr-cred-refresher',
      'Secret/regcred',
    ]);
    expect(files['MIGRATION.md']).toContain(roleArn);
    expect(writes(sandbox())).toEqual({});
    // The service pulls with regcred, refreshed by ecr-cred-refresher: both hold the canary
    // in the sandbox, and neither the log, the outputs nor the rendered change may.
    expectNoSecrets(sandbox(), { 'the dry run': body });
  });

  it("lists ecr-access.irsa.provision among the scaffolder's permissions", async () => {
    const response = await fetch(
      `${baseUrl()}/.well-known/backstage/permissions/metadata`,
      { headers: { Authorization: mockCredentials.service.header() } },
    );
    expect(response.status).toBe(200);
    const { permissions } = await response.json();
    expect(permissions).toContainEqual(
      expect.objectContaining({
        name: 'ecr-access.irsa.provision',
        attributes: { action: 'create' },
      }),
    );
  });

  it('"New service with IRSA" runs as a task, as from the wizard, and provisions in the sandbox', async () => {
    const { task, events } = await runTaskToCompletion(
      baseUrl(),
      'template:default/new-service-with-irsa',
      newServiceValues('tax-api'),
    );
    const roleArn =
      'arn:aws:iam::111122223333:role/backstage/irsa-payments-tax-api';
    const c = sandbox().clusters.find(x => x.name === 'prod-use1')!;
    const sa = await (
      await fetch(
        `${c.url}/api/v1/namespaces/payments/serviceaccounts/tax-api`,
        {
          headers: { Authorization: `Bearer ${c.token}` },
        },
      )
    ).json();
    expect(sa.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': roleArn,
      'eks.amazonaws.com/ecr-role-arn': roleArn,
    });
    expect(sa.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'tax-api',
    });
    expect(sandbox().requestCounts()).toMatchObject({ 'iam/CreateRole': 1 });
    expectNoSecrets(sandbox(), { 'the task': task, 'its events': events });
  });

  it('"Migrate a service off its rotating pull secret" runs as a task and leaves the pull secret unread and unsaid', async () => {
    sandbox().resetRequestCounts();
    const { task, events } = await runTaskToCompletion(
      baseUrl(),
      'template:default/migrate-off-pull-secret',
      ORDERS_WORKER_MIGRATION,
    );
    expect(task.status).toBe('completed');
    expect(sandbox().requestCounts()).toMatchObject({
      'iam/CreateRole': 1,
      'kubernetes:shared-usw2/create:serviceaccounts': 1,
    });
    // the flow names the secret and its refresher, but never reads either
    const reads = Object.keys(sandbox().requestCounts()).filter(operation =>
      /secrets|cronjobs/.test(operation),
    );
    expect(reads).toEqual([]);
    expectNoSecrets(sandbox(), { 'the task': task, 'its events': events });
  });
});
