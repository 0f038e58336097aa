import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
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

// The first status of an entity with workloads nowhere, over real HTTP: the scheduled audit
// stores it once per catalog read (createMissingEntities), before its cluster writes, which
// no longer name it. Every cluster reachable: an unreachable one's write would give it a
// status of its own (markClusterUnreachable), hiding whether the audit did.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const SIZE: GenerateOptions = { entities: 30, clusters: 2, seed: 3 };

const IDLE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'idle-service',
    annotations: { 'backstage.io/kubernetes-id': 'idle-service' },
  },
  spec: { type: 'service', owner: 'team-a' },
};

describe.each(databases.eachSupportedId())(
  'first statuses of entities with no workloads (%s)',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startAuditingBackend>>['backend'];
    const sandbox = useSandbox({
      scenario: generateScenario(SIZE),
      stopping: () => backend?.stop(),
    });

    it('stores, lists and counts one as "No workloads found" on the clusters searched', async () => {
      const entities = [...generateCatalogEntities(SIZE), IDLE];
      const started = await startAuditingBackend({
        sandbox: sandbox(),
        knex: await databases.init(databaseId),
        entities,
      });
      backend = started.backend;
      const { get } = started;
      await untilAudited(get, SIZE.clusters);

      const status = await get(
        '/entities/component/default/idle-service/status',
      );
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        checked: true,
        health: 'unknown',
        workloads: [],
        summary: 'No workloads found',
      });
      expect(status.body.findings.map((f: { code: string }) => f.code)).toEqual(
        ['NO_WORKLOADS_FOUND'],
      );
      expect(
        status.body.clusters.map(
          (c: { cluster: string; reachable: boolean }) =>
            `${c.cluster} ${c.reachable}`,
        ),
      ).toHaveLength(SIZE.clusters);
      expect(
        status.body.clusters.every((c: { reachable: boolean }) => c.reachable),
      ).toBe(true);

      // Stored, not computed on read: the audit list has it, and counts every entity.
      const all = await get('/audit?limit=500');
      expect(all.status).toBe(200);
      expect(
        all.body.items.map((i: { entityRef: string }) => i.entityRef),
      ).toContain('component:default/idle-service');
      expect(all.body.totalCount).toBe(entities.length);
      await backend.stop();
    });
  },
);
