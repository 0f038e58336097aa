import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  DEMO_TEMPLATE,
  runWizardTask,
  useDemoScaffolder,
} from '../__testUtils__/demoScaffolder';

/** Every write the sandbox counts: IAM's, and Kubernetes creates, patches and deletes. */
const WRITE =
  /^(iam\/(Create|Put|Attach|Tag|Update|Delete)|kubernetes:[^/]+\/(create|patch|update|delete):)/;

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
  const folder = createMockDirectory();
  // The same template without its patterns, beside it (its first step fails before any
  // other, so its skeleton is never fetched).
  beforeAll(() => {
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
  });
  const { sandbox, backend } = useDemoScaffolder({
    locations: [DEMO_TEMPLATE, path.join(folder.path, 'unchecked.yaml')],
    templates: [
      'new-service-with-irsa-demo',
      'new-service-with-irsa-demo-unchecked',
    ],
    publishDirectory: folder.resolve('published'),
  });

  /** POST /v2/tasks as the wizard does; the answer's status, and the task's events once it ends. */
  const runWizard = (template: string, values: object) =>
    runWizardTask(backend(), `template:default/${template}`, values);

  /** Every ServiceAccount and Deployment of every cluster that answers. */
  async function kubernetesObjects() {
    const names: string[] = [];
    for (const cluster of sandbox().clusters) {
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
    Object.entries(sandbox().requestCounts()).filter(([k]) => WRITE.test(k));

  it.each(Object.entries(bad))(
    '%s: refused by the form, and without it by the first step; nothing is created',
    async (parameter, [value, field]) => {
      const before = await kubernetesObjects();
      sandbox().resetRequestCounts();
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
    sandbox().resetRequestCounts();
    // The scenario's own faults (edge-euw1 down) stay.
    await sandbox().setFaults([
      ...sandbox().scenario.faults,
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
      await sandbox().setFaults(sandbox().scenario.faults);
    }
    const counts = sandbox().requestCounts();
    expect(counts['iam/CreateRole']).toBe(1);
    expect(counts['iam/DeleteRole']).toBe(1);
    expect(await kubernetesObjects()).toEqual(before);
  }, 120_000);
});
