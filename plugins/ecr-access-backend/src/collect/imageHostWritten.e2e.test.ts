import type { Finding } from '@ecr-access/plugin-ecr-access-common';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import { catalogComponents } from '../__fixtures__/catalogComponents';
import { prodScenario, REGISTRY } from '../__fixtures__/prodCluster';

jest.setTimeout(120_000);

// The kubelet looks image credentials up by the registry host exactly as the image writes it
// (ports equal, labels matched case-sensitively), so an ECR image written with ':443' or in
// capitals gets none from the node role's credential provider. The same repository written
// plainly is pulled with the node role.

function deployment(name: string, image: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'shop',
      labels: { 'backstage.io/kubernetes-id': name },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image }] },
      },
    },
  };
}

const SCENARIO: ScenarioInput = prodScenario(
  'image-host-written',
  {
    nodeRole: 'eks-node-pullonly',
    nodes: 2,
    serviceAccounts: [{ namespace: 'shop', name: 'default' }],
    manifests: [
      {
        objects: [
          deployment('plain', `${REGISTRY}/shop/web:1.0.0`),
          deployment('with-port', `${REGISTRY}:443/shop/web:1.0.0`),
          deployment('capitals', `${REGISTRY.toUpperCase()}/shop/web:1.0.0`),
        ],
      },
    ],
  },
  {
    nodeRoles: { 'eks-node-pullonly': ['AmazonEC2ContainerRegistryPullOnly'] },
    repositories: ['shop/web'],
  },
);

describe('an ECR host written with a port or in capitals', () => {
  const audited = useAuditedSandbox({
    scenario: SCENARIO,
    entities: catalogComponents(['plain', 'with-port', 'capitals']),
  });

  async function status(name: string) {
    const res = await audited.plugin.get(
      `/entities/component/default/${name}/status`,
    );
    expect(res.status).toBe(200);
    return res.body as { health: string; findings: Finding[] };
  }

  it('the plain host is pulled with the node role: ok', async () => {
    expect((await status('plain')).health).toBe('ok');
  });

  it.each(['with-port', 'capitals'])(
    '%s is unknown, naming the host to write, and not listed as ok',
    async name => {
      const s = await status(name);
      expect(s.health).toBe('unknown');
      const malformed = s.findings.find(f => f.code === 'INPUT_MALFORMED');
      expect(malformed?.message).toContain(`write it as ${REGISTRY}/shop/web`);
      const ok = await audited.plugin.get('/audit?health=ok');
      expect(
        ok.body.items.map((i: { entityRef: string }) => i.entityRef),
      ).toEqual(['component:default/plain']);
    },
  );
});
