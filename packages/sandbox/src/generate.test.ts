import { CoreV1Api } from '@kubernetes/client-node';
import { kubeConfigFor } from './__testUtils__/kubeClients';
import {
  benchmarkAccessKeyId,
  generateCatalogEntities,
  generateScenario,
} from './generate';
import { parseScenario } from './scenario/load';
import { startSandbox } from './startSandbox';

describe('generateScenario', () => {
  it('makes a valid, deterministic scenario with a mix of mechanisms', () => {
    const a = generateScenario({ entities: 400, clusters: 4, seed: 7 });
    expect(generateScenario({ entities: 400, clusters: 4, seed: 7 })).toEqual(
      a,
    );
    const scenario = parseScenario(a);
    const workloads = scenario.clusters.flatMap(c => c.workloads);
    // About two workloads per entity: the service and, mostly, a worker.
    expect(workloads.length).toBeGreaterThan(700);
    expect(workloads.length).toBeLessThan(800);
    expect(new Set(workloads.map(w => w.kubernetesId)).size).toBe(400);
    expect(scenario.clusters.map(c => c.imagePullAuth)).toEqual([
      'service-account-token',
      'node-role',
      'service-account-token',
      'node-role',
    ]);
    expect(workloads.filter(w => w.fargate).length).toBeGreaterThan(5);
    expect(
      workloads.filter(w => w.imagePullSecrets.length > 0).length,
    ).toBeGreaterThan(40);
    expect(scenario.clusters.flatMap(c => c.refreshers).length).toBeGreaterThan(
      20,
    );
    // Pull roles are shared by a team on a cluster; runtime roles are per service.
    const roles = scenario.accounts[0].roles.map(r => r.name);
    const pullRoles = roles.filter(r => r.startsWith('ecr-pull-'));
    expect(pullRoles.length).toBeGreaterThan(50);
    expect(pullRoles.length).toBeLessThanOrEqual(25 * 4);
    const sharing = workloads.filter(w => w.serviceAccount === 'ecr-pull');
    expect(sharing.length).toBeGreaterThan(2 * pullRoles.length);
    expect(roles.filter(r => r.startsWith('irsa-svc-')).length).toBeGreaterThan(
      20,
    );
    expect(
      generateCatalogEntities({ entities: 3, clusters: 1 })[2].metadata
        .annotations['backstage.io/kubernetes-id'],
    ).toBe('svc-00002');
  });

  it('puts each cluster in its own account when asked, roles and images included', () => {
    const scenario = parseScenario(
      generateScenario({ entities: 300, clusters: 3, accountPerCluster: true }),
    );
    const accounts = scenario.clusters.map(c => c.account);
    expect(new Set(accounts).size).toBe(3);
    expect(scenario.accounts.map(a => a.id).sort()).toEqual(
      [...accounts].sort(),
    );
    for (const cluster of scenario.clusters) {
      const account = scenario.accounts.find(a => a.id === cluster.account)!;
      expect(account.credentials[0].accessKeyId).toBe(
        benchmarkAccessKeyId(cluster.account),
      );
      const annotated = cluster.serviceAccounts.flatMap(sa =>
        Object.values(sa.annotations),
      );
      expect(annotated.length).toBeGreaterThan(0);
      for (const arn of annotated) {
        expect(arn).toContain(`:iam::${cluster.account}:role/`);
      }
      const privateImages = cluster.workloads
        .map(w => w.images[0])
        .filter(image => !image.startsWith('public.ecr.aws'));
      expect(privateImages.length).toBeGreaterThan(0);
      for (const image of privateImages) {
        expect(image).toMatch(new RegExp(`^${cluster.account}\\.dkr\\.ecr\\.`));
      }
    }
  });

  it('serves a large scenario with paged lists', async () => {
    const sandbox = await startSandbox({
      scenario: generateScenario({ entities: 2000, clusters: 2 }),
    });
    try {
      const core = kubeConfigFor(sandbox.clusters[0]).makeApiClient(CoreV1Api);
      let token: string | undefined;
      let pods = 0;
      do {
        const page = await core.listPodForAllNamespaces({
          limit: 500,
          _continue: token,
        });
        pods += page.items.length;
        token = page.metadata?._continue;
      } while (token);
      expect(pods).toBeGreaterThan(1000);
    } finally {
      await sandbox.stop();
    }
  });
});
