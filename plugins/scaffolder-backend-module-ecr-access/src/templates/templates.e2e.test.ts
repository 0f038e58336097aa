import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
// @backstage/plugin-catalog-node is hoisted in the workspace; its devDependency is requested.
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Sandbox } from '@ecr-access/sandbox';
import fs from 'node:fs';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import {
  sandboxConfig,
  useProvisioningSandbox,
  writes,
} from '../__testUtils__/sandbox';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModule } from '../module';
import { expectNoSecrets } from '@ecr-access/test-utils';

const TEMPLATES = path.resolve(__dirname, '../../../../examples/templates');

const ordersWorker = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-worker',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'orders-worker' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
};

/** A template as the catalog holds it: read from its file location, as in the demo. */
function templateEntity(name: string) {
  const file = path.join(TEMPLATES, name, 'template.yaml');
  const entity = parse(fs.readFileSync(file, 'utf8'));
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    'backstage.io/managed-by-location': `file:${file}`,
    'backstage.io/managed-by-origin-location': `file:${file}`,
  };
  return entity;
}

async function dryRun(
  baseUrl: string,
  templateName: string,
  values: Record<string, unknown>,
) {
  const folder = path.join(TEMPLATES, templateName);
  const template = parse(
    fs.readFileSync(path.join(folder, 'template.yaml'), 'utf8'),
  );
  const response = await fetch(`${baseUrl}/v2/dry-run`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: mockCredentials.service.header(),
    },
    body: JSON.stringify({
      template,
      values,
      directoryContents: [
        { path: 'template.yaml', base64Content: '' },
        ...directoryContents(path.join(folder, 'skeleton'), 'skeleton'),
      ],
    }),
  });
  const body = await response.json();
  expect(response.status).toBe(200);
  expect(body.log.filter((l: any) => l.body.status === 'failed')).toEqual([]);
  const files: Record<string, string> = Object.fromEntries(
    body.directoryContents.map((f: any) => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );
  return { body, files };
}

function directoryContents(
  folder: string,
  prefix = '',
): Array<{ path: string; base64Content: string }> {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(folder, entry.name);
    const relative = path.posix.join(prefix, entry.name);
    return entry.isDirectory()
      ? directoryContents(full, relative)
      : [
          {
            path: relative,
            base64Content: fs.readFileSync(full).toString('base64'),
          },
        ];
  });
}

// The template as the scaffolder runs it (its dry run, as the template editor does): every
// expression, step input and skeleton file, with the actions over the sandbox.
describe('the ecr-access templates', () => {
  let sandbox: Sandbox;
  let baseUrl: string;
  let stop: () => Promise<void>;
  useProvisioningSandbox(
    async started => {
      sandbox = started;
      const backend = await startTestBackend({
        features: [
          scaffolderPlugin,
          scaffolderModule,
          mockServices.rootConfig.factory({
            data: sandboxConfig(sandbox).get() as any,
          }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          catalogServiceMock.factory({
            entities: [
              ordersWorker,
              templateEntity('new-service-with-irsa'),
              templateEntity('migrate-off-pull-secret'),
            ],
          }),
        ],
      });
      const { port } = backend.server.address() as AddressInfo;
      baseUrl = `http://localhost:${port}/api/scaffolder`;
      stop = () => backend.stop();
    },
    () => stop?.(),
  );

  /** Runs a template as the wizard does, as a user; fails with the task's log if it fails. */
  async function runTask(templateRef: string, values: object) {
    const headers = {
      'Content-Type': 'application/json',
      Authorization: mockCredentials.user.header(),
    };
    const created = await fetch(`${baseUrl}/v2/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ templateRef, values }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    let task: any;
    for (let i = 0; i < 100; i++) {
      task = await (
        await fetch(`${baseUrl}/v2/tasks/${id}`, { headers })
      ).json();
      if (task.status === 'completed' || task.status === 'failed') break;
      await new Promise(r => setTimeout(r, 100));
    }
    const events = await (
      await fetch(`${baseUrl}/v2/tasks/${id}/events`, { headers })
    ).json();
    if (task.status !== 'completed') {
      throw new Error(
        `task ${task.status}: ${JSON.stringify(
          events.map((e: any) => e.body.message),
        )}`,
      );
    }
    return { task, events };
  }

  it('"New service with IRSA" dry-runs end to end with zero writes, rendering the manifests and the entity', async () => {
    sandbox.resetRequestCounts();
    const { body, files } = await dryRun(baseUrl, 'new-service-with-irsa', {
      name: 'billing-api',
      owner: 'group:default/team-payments',
      cluster: 'prod-use1',
      namespace: 'payments',
      repository: 'payments/api',
      // the wizard fills in the defaults; the API does not
      registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
      imageTag: '1.0.0',
    });
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
    expect(writes(sandbox)).toEqual({});
    // the task log, the outputs and every file the template wrote
    expectNoSecrets(sandbox, { 'the dry run': body });
  });

  it('"Migrate a service off its rotating pull secret" dry-runs with zero writes and renders the change', async () => {
    sandbox.resetRequestCounts();
    const { body, files } = await dryRun(baseUrl, 'migrate-off-pull-secret', {
      entity: 'component:default/orders-worker',
      cluster: 'shared-usw2',
      namespace: 'payments',
      deployment: 'orders-worker',
      serviceAccountName: 'orders-worker',
      repositories: ['payments/api'],
      pullSecret: 'regcred',
      refresherCronJob: 'ecr-cred-refresher',
    });
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
    expect(writes(sandbox)).toEqual({});
    // The service pulls with regcred, refreshed by ecr-cred-refresher: both hold the canary
    // in the sandbox, and neither the log, the outputs nor the rendered change may.
    expectNoSecrets(sandbox, { 'the dry run': body });
  });

  it("lists ecr-access.irsa.provision among the scaffolder's permissions", async () => {
    const response = await fetch(
      `${baseUrl}/.well-known/backstage/permissions/metadata`,
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
    const { task, events } = await runTask(
      'template:default/new-service-with-irsa',
      {
        name: 'tax-api',
        owner: 'group:default/team-payments',
        cluster: 'prod-use1',
        namespace: 'payments',
        repository: 'payments/api',
        // the wizard fills in the defaults; the API does not
        registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
        imageTag: '1.0.0',
      },
    );
    const roleArn =
      'arn:aws:iam::111122223333:role/backstage/irsa-payments-tax-api';
    const c = sandbox.clusters.find(x => x.name === 'prod-use1')!;
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
    expect(sandbox.requestCounts()).toMatchObject({ 'iam/CreateRole': 1 });
    expectNoSecrets(sandbox, { 'the task': task, 'its events': events });
  });

  it('"Migrate a service off its rotating pull secret" runs as a task and leaves the pull secret unread and unsaid', async () => {
    sandbox.resetRequestCounts();
    const { task, events } = await runTask(
      'template:default/migrate-off-pull-secret',
      {
        entity: 'component:default/orders-worker',
        cluster: 'shared-usw2',
        namespace: 'payments',
        deployment: 'orders-worker',
        serviceAccountName: 'orders-worker',
        repositories: ['payments/api'],
        pullSecret: 'regcred',
        refresherCronJob: 'ecr-cred-refresher',
      },
    );
    expect(task.status).toBe('completed');
    expect(sandbox.requestCounts()).toMatchObject({
      'iam/CreateRole': 1,
      'kubernetes:shared-usw2/create:serviceaccounts': 1,
    });
    // the flow names the secret and its refresher, but never reads either
    const reads = Object.keys(sandbox.requestCounts()).filter(operation =>
      /secrets|cronjobs/.test(operation),
    );
    expect(reads).toEqual([]);
    expectNoSecrets(sandbox, { 'the task': task, 'its events': events });
  });
});
