import { describePullStatus } from '@ecr-access/plugin-ecr-access-common';
import { aggregateEntityStatus } from './aggregate';
import { AGGREGATE_FIXTURES } from './aggregate.fixtures';
import { NOW } from './classify.fixtureBuilders';

describe('aggregateEntityStatus', () => {
  it.each(AGGREGATE_FIXTURES.map(f => [f.name, f]))('%s', (_name, fixture) => {
    const status = aggregateEntityStatus({
      entityRef: 'component:default/web',
      workloads: fixture.workloads,
      clusters: fixture.clusters,
      now: NOW,
    });
    expect({
      health: status.health,
      stale: status.stale,
      codes: [...new Set(status.findings.map(f => f.code))].sort(),
    }).toEqual({
      ...fixture.expected,
      codes: [...fixture.expected.codes].sort(),
    });
  });

  it('collects mechanisms, runtime identities and the oldest check time', () => {
    const [healthy, unreachable] = AGGREGATE_FIXTURES;
    const status = aggregateEntityStatus({
      entityRef: 'component:default/web',
      workloads: [...healthy.workloads, ...unreachable.workloads],
      clusters: unreachable.clusters,
      now: NOW,
    });
    expect(status.mechanisms).toEqual([
      'service-account-role',
      'node-role',
      'rotating-secret',
    ]);
    expect(status.runtimeIdentities).toEqual(['node-role']);
    expect(status.checkedAt).toBe('2026-01-10T09:00:00.000Z');
    expect(
      status.findings.find(f => f.code === 'CLUSTER_UNREACHABLE')?.message,
    ).toContain('connect ETIMEDOUT');
  });

  it('gives one sentence per distinct mechanism', () => {
    const status = aggregateEntityStatus({
      ...AGGREGATE_FIXTURES[1],
      entityRef: 'component:default/web',
      now: NOW,
    });
    expect(describePullStatus(status, NOW)).toBe(
      'Pulls use IRSA (role web-pull) on prod-euw1; pulls use the node role (stale: a cluster was unreachable)',
    );
  });

  it('does not depend on the order of the workloads', () => {
    const f = AGGREGATE_FIXTURES[0];
    const a = aggregateEntityStatus({
      entityRef: 'x',
      workloads: f.workloads,
      clusters: f.clusters,
      now: NOW,
    });
    const b = aggregateEntityStatus({
      entityRef: 'x',
      workloads: [...f.workloads].reverse(),
      clusters: f.clusters,
      now: NOW,
    });
    expect(b).toEqual(a);
  });
});
