import { TestDatabases } from '@backstage/backend-test-utils';
import {
  generateCatalogEntities,
  GenerateOptions,
  generateScenario,
  Sandbox,
} from '@ecr-access/sandbox';
import { useSandbox } from '@ecr-access/test-utils';
import { startAuditingBackend } from '../__testUtils__/auditingBackend';
import { sum } from '../__testUtils__/faultMatrix';

// 150 refreshes one after another; one that makes more than the client's 20 Kubernetes
// requests a second (a namespace found by label selector is listed whole, 22) waits a second.
jest.setTimeout(240_000);

// What a refresh costs in AWS requests is a matter of the pipeline's scope, not of the
// database: SQLite alone.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

// Teams put many services in one namespace: the generated scenario puts 150 services (and
// most of their workers) in 25 team namespaces, each with its own repository and, for many,
// its own IRSA role. A refresh reads its namespace's other Deployments and CronJobs as
// possible refreshers of its pull secrets; what they use in AWS is not its business.
const SIZE: GenerateOptions = { entities: 150, clusters: 1, seed: 7 };

describe('POST …/refresh over a namespace shared by many services', () => {
  let sandbox: Sandbox;
  let plugin: Awaited<ReturnType<typeof startAuditingBackend>>;

  useSandbox({
    scenario: generateScenario(SIZE),
    started: async running => {
      sandbox = running;
      plugin = await startAuditingBackend({
        sandbox,
        knex: await databases.init('SQLITE_3'),
        entities: generateCatalogEntities(SIZE),
        auditAtStartUp: false,
      });
    },
    stopping: () => plugin?.backend.stop(),
    timeout: 60_000,
  });

  /** The AWS requests of one refresh, by operation. */
  async function refreshRequests(name: string) {
    sandbox.resetRequestCounts();
    const res = await plugin.post(
      `/entities/component/default/${name}/refresh`,
    );
    expect([name, res.status]).toEqual([name, 200]);
    return Object.fromEntries(
      Object.entries(sandbox.requestCounts()).filter(
        ([k]) => !k.startsWith('kubernetes:'),
      ),
    );
  }

  it("reads the AWS facts of the entity's own workloads, not those of its namespace's other services", async () => {
    const scenario = generateScenario(SIZE);
    const [cluster] = scenario.clusters!;
    const infraRoles = cluster.nodeRole ? 1 : 0;
    const names = generateCatalogEntities(SIZE).map(e => e.metadata.name);
    const tooMany: string[] = [];
    let iam = 0;
    for (const name of names) {
      const aws = await refreshRequests(name);
      // Its registry's pull-through cache rules: one read per registry, whatever it holds.
      const registry = aws['ecr/DescribePullThroughCacheRules'] ?? 0;
      const ecr = sum(aws, 'ecr/') - registry;
      const roles = aws['iam/GetRole'] ?? 0;
      // Its one repository (described, and its policy read; nothing for a public image),
      // not those of the namespace's other services; at most its runtime and pull roles,
      // and the cluster's own.
      if (ecr > 2 || registry > 1 || roles > 2 + infraRoles) {
        tooMany.push(
          `${name}: ${ecr} ECR repository requests, ${registry} rules reads, ${roles} roles`,
        );
      }
      iam += sum(aws, 'iam/');
    }
    expect(tooMany).toEqual([]);
    // One entity's roles and their policies (2 a refresh here; 7 when the namespace's other
    // ServiceAccounts' roles were read too), and the cluster's node role: its nodes' instance
    // profile, the role and its three AWS managed policies (7).
    expect(iam / names.length).toBeLessThan(3 + 7);
  });
});
