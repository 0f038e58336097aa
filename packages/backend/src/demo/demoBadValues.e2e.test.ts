import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import type { Sandbox } from '@ecr-access/sandbox';
import {
  DEMO_SCENARIO,
  sandboxAppConfig,
  useSandbox,
} from '@ecr-access/test-utils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import { startDemoBackend } from '../__testUtils__/demoBackend';

const DEMO_TEMPLATE = path.resolve(
  __dirname,
  '../../../../examples/templates/new-service-with-irsa/demo.template.yaml',
);
/** Every write the sandbox counts: IAM's, and Kubernetes creates, patches and deletes. */
const WRITE =
  /^(iam\/(Create|Put|Attach|Tag|Update|Delete)|kubernetes:[^/]+\/(create|patch|update|delete):)/;

type Backend = Awaited<ReturnType<typeof startDemoBackend>>;

const good = {
  name: 'tariff-api',
  description: 'Tariffs',
  owner: 'group:default/team-platform',
  cluster: 'prod-use1',
  namespace: 'checkout',
  repository: 'checkout/api',
  registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
  imageTag: '1.0.0',
};

// parameter: [bad value, the field ecr-access:plan:validate names]
const bad: Record<string, [string, string]> = {
  name: ['Tariff_API', 'serviceAccountName'],
  description: ['two\nlines', 'description'],
  owner: ['group:default/x\nspec: {}', 'owner'],
  cluster: ['prod-use1 ', 'cluster'],
  namespace: ['Checkout', 'namespace'],
  repository: ['checkout/API', 'repositories[0]'],
  registry: ['evil.example.com/x', 'image.registry'],
  imageTag: ['1.0.0\nkind: Secret', 'image.tag'],
};

/**
 * The demo variant of "New service with IRSA" (issue 15, item 1), over the whole demo backend
 * and its sandbox: a bad value in each parameter creates nothing (the form refuses it; without
 * the form, the first step does), and when a step after the provisioning fails (the apply), the
 * last step undoes the role and the ServiceAccount that run created.
 */
describe('the demo template with bad values and failing steps', () => {
  let sandbox: Sandbox;
  let backend: Backend;
  const folder = createMockDirectory();

  useSandbox({
    scenario: DEMO_SCENARIO,
    region: 'us-east-1',
    timeout: 120_000,
    started,
    stopping: () => backend?.stop(),
  });

  async function started(running: Sandbox) {
    sandbox = running;
    // The same template without its patterns, beside it (its first step fails before any
    // other, so its skeleton is never fetched).
    const unchecked = parse(fs.readFileSync(DEMO_TEMPLATE, 'utf8'));
    unchecked.metadata.name = 'new-service-with-irsa-demo-unchecked';
    for (const page of unchecked.spec.parameters) {
      for (const property of Object.values<any>(page.properties)) {
        for (const key of ['pattern', 'enum', 'maxLength', 'minLength']) {
          delete property[key];
        }
      }
    }
    folder.addContent({ 'unchecked.yaml': stringify(unchecked) });
    const config = sandboxAppConfig(sandbox, { oidcIssuer: true });
    backend = await startDemoBackend({
      ...config,
      catalog: {
        rules: [{ allow: ['Component', 'Location', 'Template'] }],
        locations: [
          { type: 'file', target: DEMO_TEMPLATE },
          { type: 'file', target: path.join(folder.path, 'unchecked.yaml') },
        ],
      },
      ecrAccess: {
        ...config.ecrAccess,
        provisioning: { roleNamePrefix: 'irsa-', rolePath: '/backstage/' },
        schedule: {
          frequency: { hours: 1 },
          timeout: { minutes: 2 },
          initialDelay: { hours: 1 },
        },
      },
      ecrAccessDemo: {
        sandbox: {
          enabled: true,
          publishDirectory: folder.resolve('published'),
        },
      },
    });
    await until('the catalog has both templates', async () => {
      const found = await Promise.all(
        [
          'new-service-with-irsa-demo',
          'new-service-with-irsa-demo-unchecked',
        ].map(name =>
          request(backend.server)
            .get(`/api/catalog/entities/by-name/template/default/${name}`)
            .set('Authorization', mockCredentials.user.header()),
        ),
      );
      return found.every(response => response.status === 200);
    });
  }

  async function until(what: string, probe: () => Promise<boolean>) {
    for (let attempt = 0; attempt < 120; attempt++) {
      if (await probe()) return;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  /** POST /v2/tasks as the wizard does; the answer's status, and the task's events once it ends. */
  async function runWizard(template: string, values: object) {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({ templateRef: `template:default/${template}`, values });
    if (created.status !== 201) return { status: created.status, events: [] };
    let status = '';
    await until(`task ${created.body.id}`, async () => {
      const task = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', mockCredentials.user.header());
      status = task.body.status;
      return ['completed', 'failed', 'cancelled'].includes(status);
    });
    const events = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', mockCredentials.user.header());
    return { status: created.status, taskStatus: status, events: events.body };
  }

  /** Every ServiceAccount and Deployment of every cluster that answers. */
  async function kubernetesObjects() {
    const names: string[] = [];
    for (const cluster of sandbox.clusters) {
      for (const list of [
        '/api/v1/serviceaccounts',
        '/apis/apps/v1/deployments',
      ]) {
        const response = await fetch(`${cluster.url}${list}`, {
          headers: { Authorization: `Bearer ${cluster.token}` },
        }).catch(() => undefined);
        if (!response?.ok) continue; // the demo's edge-euw1 is down from start-up
        for (const item of (await response.json()).items) {
          names.push(
            `${cluster.name} ${list} ${item.metadata.namespace}/${item.metadata.name}`,
          );
        }
      }
    }
    return names.sort();
  }

  const writes = () =>
    Object.entries(sandbox.requestCounts()).filter(([k]) => WRITE.test(k));

  it.each(Object.entries(bad))(
    '%s: refused by the form, and without it by the first step; nothing is created',
    async (parameter, [value, field]) => {
      const before = await kubernetesObjects();
      sandbox.resetRequestCounts();
      const values = { ...good, [parameter]: value };
      expect(
        (await runWizard('new-service-with-irsa-demo', values)).status,
      ).toBe(400);
      const run = await runWizard(
        'new-service-with-irsa-demo-unchecked',
        values,
      );
      expect(run.taskStatus).toBe('failed');
      const failed = run.events.find((e: any) => e.body?.status === 'failed');
      expect(failed.body.stepId).toBe('validate');
      expect(failed.body.message).toMatch(
        new RegExp(
          `^InputError: (.*; )?${field.replace(/[.[\]]/g, '\\$&')}[: ]`,
        ),
      );
      expect(JSON.stringify(run.events)).not.toMatch(/\n\s+at |node_modules/);
      expect(writes()).toEqual([]);
      expect(await kubernetesObjects()).toEqual(before);
    },
    60_000,
  );

  it('when applying the manifests fails, the last step undoes the role and the ServiceAccount of this run', async () => {
    const before = await kubernetesObjects();
    sandbox.resetRequestCounts();
    // The scenario's own faults (edge-euw1 down) stay.
    await sandbox.setFaults([
      ...sandbox.scenario.faults,
      {
        api: 'kubernetes',
        cluster: 'prod-use1',
        operation: 'patch:deployments',
        error: { status: 422, code: 'Invalid', message: 'refused by a policy' },
      },
    ]);
    try {
      const run = await runWizard('new-service-with-irsa-demo', good);
      expect(run.taskStatus).toBe('failed');
      const failed = run.events.find((e: any) => e.body?.status === 'failed');
      expect(failed.body.stepId).toBe('apply');
      const said = JSON.stringify(run.events);
      expect(said).toContain(
        'Rollback: deleted ServiceAccount checkout/tariff-api',
      );
      expect(said).toContain(
        'Rollback: deleted IAM role arn:aws:iam::111122223333:role/backstage/irsa-checkout-tariff-api',
      );
    } finally {
      await sandbox.setFaults(sandbox.scenario.faults);
    }
    const counts = sandbox.requestCounts();
    expect(counts['iam/CreateRole']).toBe(1);
    expect(counts['iam/DeleteRole']).toBe(1);
    expect(await kubernetesObjects()).toEqual(before);
  }, 120_000);
});
