import { CoreV1Api } from '@kubernetes/client-node';
import { kubeConfigFor } from './__testUtils__/kubeClients';
import { generateCatalogEntities, generateScenario } from './generate';
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
    expect(workloads).toHaveLength(400);
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
    expect(scenario.accounts[0].roles.length).toBeGreaterThan(100);
    expect(
      generateCatalogEntities({ entities: 3, clusters: 1 })[2].metadata
        .annotations['backstage.io/kubernetes-id'],
    ).toBe('svc-00002');
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
