import { TestDatabases } from '@backstage/backend-test-utils';
import type {
  AuditRun,
  ClusterPullSetupItem,
} from '@ecr-access/plugin-ecr-access-common';
import {
  generateCatalogEntities,
  GenerateOptions,
  generateScenario,
} from '@ecr-access/sandbox';
import { useSandbox } from '@ecr-access/test-utils';
import {
  startAuditingBackend,
  untilAudited,
} from '../__testUtils__/auditingBackend';

jest.setTimeout(120_000);

// The benchmark's world, end to end over HTTP: generated clusters name no nodeRole, so their
// default nodes are nodes EKS does not manage, read through their instances' profiles. Every
// one has a profile, as on EKS: every cluster's audit succeeds (the API benchmark stores its
// statuses only from audits that did) with the node role found, none left unknown.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const SIZE: GenerateOptions = {
  entities: 60,
  clusters: 3,
  accountPerCluster: true,
  seed: 3,
};

describe('the generated benchmark clusters, over HTTP', () => {
  let plugin: Awaited<ReturnType<typeof startAuditingBackend>>;

  useSandbox({
    scenario: generateScenario(SIZE),
    started: async sandbox => {
      plugin = await startAuditingBackend({
        sandbox,
        knex: await databases.init('SQLITE_3'),
        entities: generateCatalogEntities(SIZE),
      });
      await untilAudited(plugin.get, SIZE.clusters);
    },
    stopping: () => plugin?.backend.stop(),
    timeout: 60_000,
  });

  it('audits every cluster to success, without an error', async () => {
    const runs = (await plugin.get('/audit/runs')).body.items as AuditRun[];
    const byCluster = runs
      .map(r => ({ cluster: r.cluster, status: r.status, errors: r.errors }))
      .sort((a, b) => a.cluster.localeCompare(b.cluster));
    expect(byCluster).toEqual(
      ['bench-0', 'bench-1', 'bench-2'].map(cluster => ({
        cluster,
        status: 'succeeded',
        errors: [],
      })),
    );
  });

  it("finds each cluster's node role through its default nodes' instance profile", async () => {
    const res = await plugin.get('/audit/clusters');
    const items = res.body.items as ClusterPullSetupItem[];
    const scenario = generateScenario(SIZE);
    expect(items).toHaveLength(3);
    for (const [c, item] of items.entries()) {
      const account = scenario.clusters![c].account;
      expect(item.pullSetup?.nodeRolesUnknown).toBeUndefined();
      expect(item.pullSetup?.nodeRoles).toEqual([
        expect.objectContaining({
          arn: `arn:aws:iam::${account}:role/bench-${c}-NodeInstanceRole`,
          sources: [
            expect.stringMatching(
              new RegExp(
                `^instance profile bench-${c}-NodeInstanceProfile \\(3 nodes: ip-`,
              ),
            ),
          ],
        }),
      ]);
    }
  });
});
