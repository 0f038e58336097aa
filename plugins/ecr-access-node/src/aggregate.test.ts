import {
  ClusterAuditState,
  createFinding,
  describePullStatus,
} from '@ecr-access/plugin-ecr-access-common';
import { aggregateEntityStatus } from './aggregate';
import { AGGREGATE_FIXTURES } from './__fixtures__/aggregate';
import { NOW } from './__fixtures__/classify.builders';

describe('aggregateEntityStatus', () => {
  it.each(AGGREGATE_FIXTURES.map(f => [f.name, f]))('%s', (_name, fixture) => {
    const status = aggregateEntityStatus({
      entityRef: 'component:default/web',
      workloads: fixture.workloads,
      clusters: fixture.clusters,
      findings: fixture.findings,
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
    // The stale part of the sentence is describe.ts's (it names prod-euw1).
    expect(describePullStatus(status, NOW)).toMatch(
      /^Pulls use IRSA \(role web-pull\) on prod-euw1; pulls use the node role \(stale: .*prod-euw1/,
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

  it('keeps each finding once per cluster: a service and its worker share their findings', () => {
    const service = AGGREGATE_FIXTURES.flatMap(f => f.workloads).find(
      w => w.findings.length,
    )!;
    const worker = { ...service, name: `${service.name}-worker` };
    const onOtherCluster = { ...service, cluster: 'prod-apse2' };
    const aggregate = (workloads: (typeof service)[]) =>
      aggregateEntityStatus({
        entityRef: 'x',
        workloads,
        clusters: [],
        now: NOW,
      }).findings;
    const once = aggregate([service]);
    expect(once.length).toBeGreaterThan(0);
    expect(aggregate([service, worker])).toEqual(once);
    expect(aggregate([service, worker, onOtherCluster])).toHaveLength(
      2 * once.length,
    );
    const reworded = {
      ...worker,
      findings: worker.findings.map(f => ({ ...f, message: `${f.message}.` })),
    };
    expect(aggregate([service, reworded])).toHaveLength(2 * once.length);
  });

  it('orders the workloads by cluster, namespace, kind and name as localeCompare does', () => {
    const [healthy] = AGGREGATE_FIXTURES;
    const base = healthy.workloads[0];
    const names = ['b', 'B', 'a-2', 'a_1', 'A', 'é', 'e'];
    const workloads = names.map(name => ({ ...base, name }));
    const status = aggregateEntityStatus({
      entityRef: 'x',
      workloads,
      clusters: [],
      now: NOW,
    });
    expect(status.workloads.map(w => w.name)).toEqual(
      [...names].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('names the cluster that could not be read and its last good read', () => {
    const status = aggregateEntityStatus({
      entityRef: 'component:default/search-api',
      workloads: [],
      clusters: [
        {
          cluster: 'edge-euw1',
          reachable: false,
          checkedAt: '2026-01-10T11:00:00.000Z',
          unreachableSince: '2026-01-10T10:00:00.000Z',
          lastSuccessAt: '2026-01-10T09:30:00.000Z',
          error: 'connect ECONNREFUSED <redacted>',
        },
        {
          cluster: 'prod-use1',
          reachable: false,
          checkedAt: '2026-01-10T11:00:00.000Z',
        },
      ],
      now: NOW,
    });
    expect(status.findings.map(f => [f.subject, f.message])).toEqual([
      [
        'cluster edge-euw1',
        'cluster edge-euw1 could not be read since 2026-01-10T10:00:00.000Z (connect ECONNREFUSED <redacted>); last good read 2026-01-10T09:30:00.000Z: its results shown are from then',
      ],
      [
        'cluster prod-use1',
        'cluster prod-use1 could not be read since 2026-01-10T11:00:00.000Z; never read: any workloads there are unknown',
      ],
      [
        'entity component:default/search-api',
        "No workload (Deployment, StatefulSet, DaemonSet, CronJob, Job, Rollout) carries the entity's backstage.io/kubernetes-id label or matches its backstage.io/kubernetes-label-selector on cluster edge-euw1; finished Jobs and workloads of other kinds are not checked, so how its images are pulled is unknown",
      ],
    ]);
    expect(status.findings.every(f => f.severity === 'unknown')).toBe(true);
    // edge-euw1 was read once, without workloads then: checked, but stale and not ok.
    expect(status).toMatchObject({
      checked: true,
      stale: true,
      health: 'unknown',
    });
  });

  it('says "not yet checked" only while no cluster was ever read', () => {
    const never = { cluster: 'edge-euw1', reachable: false };
    const aggregate = (clusters: ClusterAuditState[]) =>
      aggregateEntityStatus({
        entityRef: 'x',
        workloads: [],
        clusters,
        now: NOW,
      });
    expect(aggregate([never])).toMatchObject({
      checked: false,
      health: 'unknown',
    });
    expect(aggregate([])).toMatchObject({ checked: false, health: 'unknown' });
    const readOnce = aggregate([
      never,
      {
        cluster: 'prod-use1',
        reachable: true,
        lastSuccessAt: NOW.toISOString(),
      },
    ]);
    // The cluster read without workloads is not listed: only those that matter to the entity.
    expect(readOnce).toMatchObject({ checked: true, health: 'unknown' });
    expect(readOnce.clusters.map(c => c.cluster)).toEqual(['edge-euw1']);
  });

  it('names the clusters searched for an entity without workloads, and how many past five', () => {
    const clusters = ['c7', 'c1', 'c3', 'c2', 'c6', 'c4', 'c5'].map(c => ({
      cluster: c,
      reachable: true,
    }));
    const message = (list: ClusterAuditState[]) =>
      aggregateEntityStatus({
        entityRef: 'component:default/mobile-bff',
        workloads: [],
        clusters: [...list, { cluster: 'c0', reachable: false }],
        now: NOW,
      }).findings.find(f => f.code === 'NO_WORKLOADS_FOUND')?.message;
    expect(message(clusters)).toContain(
      'on clusters c1, c2, c3, c4, c5 and 2 more;',
    );
    expect(message(clusters.slice(0, 1))).toContain('on cluster c7;');
  });

  it('puts input findings about the entity first', () => {
    const malformed = createFinding(
      'INPUT_MALFORMED',
      'annotation backstage.io/kubernetes-label-selector',
      'cannot be parsed',
    );
    const status = aggregateEntityStatus({
      entityRef: 'x',
      workloads: [],
      clusters: [{ cluster: 'prod-use1', reachable: true }],
      findings: [malformed],
      now: NOW,
    });
    expect(status).toMatchObject({
      checked: true,
      health: 'unknown',
      findings: [malformed],
    });
  });
});
