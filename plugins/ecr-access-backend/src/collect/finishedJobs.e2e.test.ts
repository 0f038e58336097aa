import type { Finding } from '@ecr-access/plugin-ecr-access-common';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import { catalogComponents } from '../__fixtures__/catalogComponents';
import { prodScenario, REGISTRY } from '../__fixtures__/prodCluster';

jest.setTimeout(120_000);

// A standalone Job, as a Helm chart's pre-install migration hook or a one-off backfill leaves
// it: finished months ago, its image since deleted from ECR. It will start no pod again, so it
// says nothing about how the entity pulls now. A Job still running with the same image does.

function job(name: string, image: string, status: Record<string, unknown>) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'shop',
      labels: { 'backstage.io/kubernetes-id': name.split('-')[0] },
    },
    spec: {
      backoffLimit: 2,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'migrate', image }],
        },
      },
    },
    status,
  };
}

const completed = {
  startTime: '2026-09-01T02:00:00Z',
  completionTime: '2026-09-01T02:00:41Z',
  succeeded: 1,
  conditions: [
    { type: 'SuccessCriteriaMet', status: 'True' },
    { type: 'Complete', status: 'True' },
  ],
};

const SCENARIO: ScenarioInput = prodScenario(
  'finished-jobs',
  {
    nodeRole: 'eks-node-pullonly',
    nodes: 2,
    serviceAccounts: [{ namespace: 'shop', name: 'default' }],
    manifests: [
      {
        objects: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: {
              name: 'orders',
              namespace: 'shop',
              labels: { 'backstage.io/kubernetes-id': 'orders' },
            },
            spec: {
              replicas: 2,
              selector: { matchLabels: { app: 'orders' } },
              template: {
                metadata: { labels: { app: 'orders' } },
                spec: {
                  containers: [
                    { name: 'orders', image: `${REGISTRY}/shop/orders:3.1.0` },
                  ],
                },
              },
            },
          },
          job(
            'orders-migrate-2026-09',
            `${REGISTRY}/shop/orders-migrate-retired:1.0.0`,
            completed,
          ),
          job(
            'billing-backfill',
            `${REGISTRY}/shop/billing-backfill-retired:1.0.0`,
            { startTime: '2026-12-04T01:00:00Z', active: 1 },
          ),
        ],
      },
    ],
  },
  {
    nodeRoles: { 'eks-node-pullonly': ['AmazonEC2ContainerRegistryPullOnly'] },
    repositories: ['shop/orders'],
  },
);

describe('standalone Jobs, finished and running', () => {
  const audited = useAuditedSandbox({
    scenario: SCENARIO,
    entities: catalogComponents(['orders', 'billing']),
  });

  async function status(name: string) {
    const res = await audited.plugin.get(
      `/entities/component/default/${name}/status`,
    );
    expect(res.status).toBe(200);
    return res.body as {
      health: string;
      workloads: Array<{ kind: string; name: string }>;
      findings: Finding[];
    };
  }

  it('a finished Job whose image is gone does not make its entity an error', async () => {
    const orders = await status('orders');
    expect(orders.workloads.map(w => `${w.kind}/${w.name}`)).toEqual([
      'Deployment/orders',
    ]);
    expect(orders.health).toBe('ok');
  });

  it('a running Job whose image is gone does', async () => {
    const billing = await status('billing');
    expect(billing.workloads.map(w => `${w.kind}/${w.name}`)).toEqual([
      'Job/billing-backfill',
    ]);
    expect(billing.health).toBe('error');
    expect(billing.findings.map(f => f.code)).toContain(
      'ECR_REPOSITORY_NOT_FOUND',
    );
  });

  it('a refresh says the same', async () => {
    await audited.plugin
      .post('/entities/component/default/orders/refresh')
      .expect(200);
    expect((await status('orders')).health).toBe('ok');
  });
});
