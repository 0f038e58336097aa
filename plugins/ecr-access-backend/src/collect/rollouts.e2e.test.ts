import type {
  Finding,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import {
  ROLLOUT_ENV_VALUE,
  ROLLOUTS_SCENARIO,
  rolloutsEntities,
} from './__fixtures__/rolloutsScenario';
import { collectCluster } from './collectCluster';
import { createKubernetesGet } from './kubernetesClient';
import {
  prodClusterConfig,
  prodScenario,
  REGISTRY,
} from '../__fixtures__/prodCluster';

jest.setTimeout(120_000);

// Argo Rollouts end to end over HTTP: the sandbox serves the CRD's path
// (/apis/argoproj.io/v1alpha1/rollouts), the real collector lists it, and the plugin's
// scheduled audit and a refresh classify each Rollout's pods, by its own template or by the
// Deployment its workloadRef names.
describe('Argo Rollouts', () => {
  const audited = useAuditedSandbox({
    scenario: ROLLOUTS_SCENARIO,
    entities: rolloutsEntities(),
  });

  async function status(name: string) {
    const res = await audited.plugin.get(
      `/entities/component/default/${name}/status`,
    );
    expect(res.status).toBe(200);
    return res.body as {
      health: string;
      summary: string;
      workloads: WorkloadStatus[];
      findings: Finding[];
    };
  }

  const workloadsOf = (s: { workloads: WorkloadStatus[] }) =>
    s.workloads.map(w => `${w.kind} ${w.namespace}/${w.name}`);

  it('lists Rollouts without their env values', async () => {
    const prod = audited.sandbox.clusters.find(c => c.name === 'prod')!;
    const { snapshot } = await collectCluster(
      prodClusterConfig(),
      createKubernetesGet({ name: 'prod', url: prod.url, token: prod.token }),
    );
    expect(
      (snapshot.rollouts ?? []).map(
        r => (r as { metadata: { name: string } }).metadata.name,
      ),
    ).toEqual(['cart', 'checkout']);
    expect(JSON.stringify(snapshot)).not.toContain(ROLLOUT_ENV_VALUE);
  });

  it('reads a Rollout with its own template: the node role pulls, ok', async () => {
    const checkout = await status('checkout');
    expect(workloadsOf(checkout)).toEqual(['Rollout shop/checkout']);
    expect(checkout).toMatchObject({
      health: 'ok',
      summary: 'Pulls use the node role',
    });
    const ok = await audited.plugin.get('/audit?health=ok');
    expect(
      ok.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['component:default/checkout']);
  });

  it("reads a Rollout's workloadRef Deployment template, on the audit and on a refresh", async () => {
    const expectGhost = (cart: Awaited<ReturnType<typeof status>>) => {
      expect(workloadsOf(cart)).toEqual(['Rollout shop/cart']);
      expect(cart.health).toBe('error');
      expect(
        cart.findings.find(f => f.code === 'ECR_REPOSITORY_NOT_FOUND')?.message,
      ).toContain('shop/cart-ghost');
    };
    expectGhost(await status('cart'));
    await audited.plugin
      .post('/entities/component/default/cart/refresh')
      .expect(200);
    expectGhost(await status('cart'));
  });
});

// Argo Rollouts installed but the reader's ClusterRole predates them (403), or CronJobs refused:
// an entity's workloads of that kind would be left out and it would be judged on the rest. The
// cluster is failed instead, as for Deployments, so nothing of it is shown ok.
describe.each(['rollouts', 'cronjobs'])(
  'a workload kind the reader may not list (%s, 403)',
  forbiddenKind => {
    const [cluster] = ROLLOUTS_SCENARIO.clusters!;
    const audited = useAuditedSandbox({
      scenario: {
        ...ROLLOUTS_SCENARIO,
        clusters: [{ ...cluster, forbidden: [forbiddenKind] }],
      },
      entities: rolloutsEntities(),
    });

    it('fails the cluster: no entity of it is ok, and why names the kind', async () => {
      const res = await audited.plugin.get(
        '/entities/component/default/checkout/status',
      );
      expect(res.status).toBe(200);
      expect(res.body.health).toBe('unknown');
      const unreachable = (res.body.findings as Finding[]).find(
        f => f.code === 'CLUSTER_UNREACHABLE',
      );
      expect(unreachable?.message).toContain(forbiddenKind);
      const ok = await audited.plugin.get('/audit?health=ok');
      expect(ok.body.items).toEqual([]);
    });

    it('a refresh says the same', async () => {
      await audited.plugin
        .post('/entities/component/default/checkout/refresh')
        .expect(200);
      const res = await audited.plugin.get(
        '/entities/component/default/checkout/status',
      );
      expect(res.body.health).toBe('unknown');
      expect(JSON.stringify(res.body.findings)).toContain(forbiddenKind);
    });
  },
);

// Where Argo Rollouts is not installed a reader without `list` on rollouts still gets 403, not
// 404: kube-apiserver authorizes before it routes. Discovery tells the two apart, so an
// installation whose ClusterRole predates Rollouts keeps auditing clusters that have none.
describe('a reader without list on rollouts, where Argo Rollouts is not installed', () => {
  const scenario = prodScenario(
    'no-argo-rollouts',
    {
      nodeRole: 'eks-node-pullonly',
      nodes: 2,
      forbidden: ['rollouts'],
      serviceAccounts: [{ namespace: 'shop', name: 'default' }],
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'checkout',
          kubernetesId: 'checkout',
          images: [`${REGISTRY}/shop/checkout:1.4.0`],
        },
      ],
    },
    {
      nodeRoles: {
        'eks-node-pullonly': ['AmazonEC2ContainerRegistryPullOnly'],
      },
      repositories: ['shop/checkout'],
    },
  );
  const audited = useAuditedSandbox({
    scenario,
    entities: rolloutsEntities(),
  });

  it('audits the cluster: the 403 on rollouts means none once discovery says so', async () => {
    const res = await audited.plugin.get(
      '/entities/component/default/checkout/status',
    );
    expect(res.body).toMatchObject({ health: 'ok' });
    const prod = audited.sandbox.clusters.find(c => c.name === 'prod')!;
    const collection = await collectCluster(
      prodClusterConfig(),
      createKubernetesGet({ name: 'prod', url: prod.url, token: prod.token }),
    );
    expect(collection.snapshot.rollouts).toEqual([]);
    expect(collection.errors).toEqual([]);
  });

  it('a refresh says the same', async () => {
    await audited.plugin
      .post('/entities/component/default/checkout/refresh')
      .expect(200);
    const res = await audited.plugin.get(
      '/entities/component/default/checkout/status',
    );
    expect(res.body.health).toBe('ok');
  });
});
