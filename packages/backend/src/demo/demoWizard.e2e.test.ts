import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  DEMO_TEMPLATE,
  runWizardTask,
  useDemoScaffolder,
} from '../__testUtils__/demoScaffolder';

const TEMPLATE_REF = 'template:default/new-service-with-irsa-demo';
/** Writes of IAM, as the sandbox counts them (`iam/<Action>`). */
const IAM_WRITE = /^iam\/(Create|Put|Attach|Tag|Update|Delete)/;

/**
 * Issue 6's last "done when", without a browser: the whole demo backend (demoFeatures, as
 * `yarn start` runs it) over the demo's sandbox scenario runs the demo variant of "New service
 * with IRSA", and the new entity's ecr-access status then says how its pulls authenticate.
 * The browser test (packages/app/e2e-tests/wizard.e2e.mjs) drives the same template in the wizard.
 */
describe('the demo wizard, end to end over the sandbox', () => {
  const published = createMockDirectory();
  const { sandbox, backend } = useDemoScaffolder({
    locations: [DEMO_TEMPLATE],
    templates: ['new-service-with-irsa-demo'],
    provisioning: {
      permissionsBoundaryArn:
        'arn:aws:iam::111122223333:policy/boundaries/platform-boundary',
    },
    publishDirectory: published.path,
  });

  /** Runs the template as the wizard does (POST /v2/tasks) and waits for the task to end. */
  async function runWizard(values: Record<string, string>) {
    const run = await runWizardTask(backend(), TEMPLATE_REF, values);
    expect(run.status).toBe(201);
    // The task's log and outputs, as the wizard shows them: no cluster token, no secret value.
    const shown = JSON.stringify(run.events);
    for (const secret of [
      sandbox().canary,
      ...sandbox().clusters.map(c => c.token),
    ]) {
      expect(shown).not.toContain(secret);
    }
    if (run.taskStatus !== 'completed') {
      const errors = run.events
        .map((e: any) => e.body?.error?.message)
        .filter(Boolean);
      throw new Error(`task ${run.taskStatus}: ${errors.join('; ')}`);
    }
  }

  async function ecrAccessStatus(name: string) {
    const response = await request(backend().server)
      .get(`/api/ecr-access/entities/component/default/${name}/status`)
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    return response.body;
  }

  const prodValues = {
    name: 'fees-api',
    owner: 'group:default/team-platform',
    description: '',
    cluster: 'prod-use1',
    namespace: 'checkout',
    repository: 'checkout/api',
    registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
    imageTag: '1.0.0',
  };

  const iamWrites = () =>
    Object.keys(sandbox().requestCounts()).filter(k => IAM_WRITE.test(k));

  it('on prod-use1 (service-account-token) the new entity is in the catalog and its pulls use IRSA', async () => {
    sandbox().resetRequestCounts();
    await runWizard(prodValues);
    // The first run creates the role (and so the counters do see IAM writes).
    expect(iamWrites()).toContain('iam/CreateRole');

    const entity = await request(backend().server)
      .get('/api/catalog/entities/by-name/component/default/fees-api')
      .set('Authorization', mockCredentials.user.header());
    expect(entity.status).toBe(200);
    const status = await ecrAccessStatus('fees-api');
    // The demo's edge-euw1 is down from start-up: the new service may run there too, so its
    // status is honest about it (stale, unknown) rather than "ok".
    expect(status.summary).toMatch(
      /^Pulls use IRSA \(role irsa-checkout-fees-api\) on prod-use1 \(stale: edge-euw1 unreachable.*never read\)$/,
    );
    expect(status.mechanisms).toEqual(['service-account-role']);
    expect(status.runtimeIdentities).toEqual(['irsa']);
    expect(status.health).toBe('unknown');
    expect(status.findings.map((f: { code: string }) => f.code)).toEqual([
      'CLUSTER_UNREACHABLE',
    ]);
  }, 120_000);

  it('run again with the same answers, it reuses everything: no IAM write, same status', async () => {
    sandbox().resetRequestCounts();
    await runWizard(prodValues);
    expect(iamWrites()).toEqual([]);
    expect((await ecrAccessStatus('fees-api')).summary).toMatch(
      /^Pulls use IRSA \(role irsa-checkout-fees-api\) on prod-use1 \(stale: /,
    );
  }, 120_000);

  it('on shared-usw2 (node-role) the status says honestly that the node role pulls', async () => {
    await runWizard({
      ...prodValues,
      name: 'tiles-api',
      cluster: 'shared-usw2',
      namespace: 'catalog',
      repository: 'catalog/web',
      registry: '111122223333.dkr.ecr.us-west-2.amazonaws.com',
    });
    const status = await ecrAccessStatus('tiles-api');
    expect(status.summary).toMatch(
      /^Pulls use the node role; the IRSA role serves runtime calls only \(stale: edge-euw1 unreachable/,
    );
    expect(status.mechanisms).toEqual(['node-role']);
    expect(status.runtimeIdentities).toEqual(['irsa']);
    // shared-usw2's node role has AmazonEC2ContainerRegistryReadOnly (demo.yaml): too broad.
    expect(status.findings.map((f: { code: string }) => f.code).sort()).toEqual(
      ['CLUSTER_UNREACHABLE', 'IRSA_NOT_USED_FOR_PULLS', 'NODE_ROLE_TOO_BROAD'],
    );
  }, 120_000);
});
