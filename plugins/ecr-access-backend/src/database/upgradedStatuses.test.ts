import { mockServices } from '@backstage/backend-test-utils';
import type { EntityStatus } from '@ecr-access/plugin-ecr-access-common';
import { aggregateStatus } from '../audit/pipeline';
import { entityResult, workload } from '../__fixtures__/workloads';
import { describeStore } from '../__testUtils__/testStore';
import type { AggregateEntityStatus } from './aggregateEntityStatus';
import { countsFromTable } from './auditCounts';
import { DatabaseEcrAccessStore } from './DatabaseEcrAccessStore';

jest.setTimeout(60_000);

/** The aggregate of versions before NO_WORKLOADS_FOUND: an entity read without workloads, ok. */
const beforeNoWorkloadsFound: AggregateEntityStatus = input => {
  const status: EntityStatus = aggregateStatus(input);
  if (status.workloads.length || status.checked === false) return status;
  return {
    ...status,
    health: 'ok',
    findings: status.findings.filter(f => f.code !== 'NO_WORKLOADS_FOUND'),
  };
};

const audit = () => ({
  cluster: 'c0',
  checkedAt: new Date(Date.UTC(2026, 11, 5, 10)),
  entities: [
    entityResult('svc-busy', [workload({ cluster: 'c0', name: 'svc-busy' })]),
    entityResult('svc-idle', []),
  ],
});

describeStore('statuses stored by an earlier version', db => {
  it('recomputes "No workloads found" stored as ok on the next catalog read: unknown, not counted ok', async () => {
    const { knex, store } = db;
    const earlier = await DatabaseEcrAccessStore.create({
      aggregate: beforeNoWorkloadsFound,
      database: mockServices.database({ knex }),
      skipMigrations: true,
    });
    const catalog = audit().entities;
    await earlier.createMissingEntities(catalog);
    await earlier.writeClusterResults(audit());
    const idle = 'component:default/svc-idle';
    expect((await earlier.getEntityStatus(idle))?.status.health).toBe('ok');
    expect((await countsFromTable(knex, {}))?.summary?.byHealth.ok).toBe(2);

    // The upgraded plugin's first catalog read, before any cluster write of its own.
    await store.createMissingEntities(catalog);
    const healed = await store.getEntityStatus(idle);
    expect(healed?.status).toMatchObject({ health: 'unknown', checked: true });
    expect(healed?.status.findings.map(f => f.code)).toEqual([
      'NO_WORKLOADS_FOUND',
    ]);
    expect(healed?.summary).toBe('No workloads found');
    const busy = await store.getEntityStatus('component:default/svc-busy');
    expect(busy?.status.health).toBe('ok');
    expect((await countsFromTable(knex, {}))?.summary?.byHealth).toMatchObject({
      ok: 1,
      unknown: 1,
    });
  });
});
