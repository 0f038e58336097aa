import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { entityResult, workload } from '../__fixtures__/workloads';
import { aggregateStatus } from '../audit/pipeline';
import { countsFromTable } from './auditCounts';
import { DatabaseEcrAccessStore } from './DatabaseEcrAccessStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const CLUSTERS = 6;
/** Several write batches (1,000 entities each). */
const ENTITIES = 2500;

/**
 * A scheduled audit names every audited entity of the catalog; entity i runs on cluster
 * i % 6 only, so each write creates the entities it sees no row for, without workloads
 * there, and the first audits of all clusters at once race to create the same ones.
 */
function firstAudit(c: number) {
  const cluster = `c${c}`;
  return {
    cluster,
    checkedAt: new Date(Date.UTC(2026, 11, 4, 10)),
    entities: Array.from({ length: ENTITIES }, (_, i) =>
      entityResult(
        `svc-${i}`,
        i % CLUSTERS === c ? [workload({ cluster, name: `svc-${i}` })] : [],
      ),
    ),
  };
}

describe.each(databases.eachSupportedId())(
  "every cluster's first audit at once (%s)",
  databaseId => {
    it('stores every entity once, with the workloads of the cluster it runs on', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseEcrAccessStore.create({
        aggregate: aggregateStatus,
        database: mockServices.database({ knex }),
      });
      await Promise.all(
        Array.from({ length: CLUSTERS }, (_, c) =>
          store.writeClusterResults(firstAudit(c)),
        ),
      );
      const [{ stored }] = await knex('ecr_access_entities').count({
        stored: '*',
      });
      expect(Number(stored)).toBe(ENTITIES);
      expect((await countsFromTable(knex, {}))?.totalCount).toBe(ENTITIES);
      for (const i of [0, 1, 1234, ENTITIES - 1]) {
        const status = await store.getEntityStatus(
          `component:default/svc-${i}`,
        );
        expect(status?.status.workloads.map(w => w.cluster)).toEqual([
          `c${i % CLUSTERS}`,
        ]);
      }
    });
  },
);
