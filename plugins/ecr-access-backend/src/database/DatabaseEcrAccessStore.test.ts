import { PullAuth } from '@ecr-access/plugin-ecr-access-common';
import { entityResult, workload } from '../__fixtures__/workloads';
import { describeStore, storeOver } from '../__testUtils__/testStore';
import type { ClusterResults } from './EcrAccessStore';

jest.setTimeout(60_000);

const T1 = new Date('2026-11-23T10:00:00.000Z');
const T2 = new Date('2026-11-23T10:30:00.000Z');
const T3 = new Date('2026-11-23T11:00:00.000Z');

describeStore('DatabaseEcrAccessStore', db => {
  /** The results an audit of `cluster` read at `checkedAt`, handed to the store. */
  const write = (
    cluster: string,
    checkedAt: Date,
    entities: ClusterResults['entities'],
    more: Pick<ClusterResults, 'partial'> = {},
  ) => db.store.writeClusterResults({ cluster, checkedAt, entities, ...more });

  const web = (pullAuth: 'node-role' | 'static-secret' = 'node-role') =>
    entityResult('web', [
      workload({
        cluster: 'prod',
        name: 'web',
        pullAuth,
        findings: pullAuth === 'static-secret' ? ['SECRET_EXPIRED'] : [],
      }),
    ]);

  it('stores the aggregate status and the sentence of each entity', async () => {
    const written = await write('prod', T1, [web()]);
    expect(written).toEqual({ entities: 1, changed: 1 });
    const stored = await db.store.getEntityStatus('component:default/web');
    expect(stored?.entity).toEqual({
      entityRef: 'component:default/web',
      kind: 'Component',
      namespace: 'default',
      name: 'web',
      owner: 'group:default/team-a',
    });
    expect(stored?.status).toMatchObject({
      entityRef: 'component:default/web',
      health: 'ok',
      mechanisms: ['node-role'],
      stale: false,
      clusters: [{ cluster: 'prod', reachable: true }],
    });
    expect(stored?.summary).toBe('Pulls use the node role');
    expect(await db.store.getEntityStatus('component:default/other')).toBe(
      undefined,
    );
  });

  it('compares entity refs case-insensitively', async () => {
    await write('prod', T1, [web()]);
    const stored = await db.store.getEntityStatus('Component:Default/WEB');
    expect(stored?.status.entityRef).toBe('component:default/web');
  });

  it('writes no history row when the same results are written again', async () => {
    await write('prod', T1, [web()]);
    const again = await write('prod', T2, [web()]);
    expect(again).toEqual({ entities: 1, changed: 0 });
    const history = await db.store.getHistory('component:default/web');
    expect(history).toHaveLength(1);
    const stored = await db.store.getEntityStatus('component:default/web');
    expect(stored?.status.checkedAt).toBe(T1.toISOString()); // the workload's own time
  });

  it('writes a history row when the status changes, newest first', async () => {
    await write('prod', T1, [web()]);
    await write('prod', T2, [web('static-secret')]);
    const history = await db.store.getHistory('component:default/web');
    expect(history).toEqual([
      expect.objectContaining({
        changedAt: T2.toISOString(),
        health: 'error',
        mechanisms: ['static-secret'],
        findingCodes: ['SECRET_EXPIRED'],
        stale: false,
      }),
      expect.objectContaining({
        changedAt: T1.toISOString(),
        health: 'ok',
        mechanisms: ['node-role'],
        findingCodes: [],
      }),
    ]);
    expect(
      await db.store.getHistory('component:default/web', { limit: 1 }),
    ).toHaveLength(1);
  });

  it('aggregates the results of every cluster of an entity', async () => {
    await write('prod', T1, [web()]);
    await write('staging', T2, [
      entityResult('web', [
        workload({
          cluster: 'staging',
          name: 'web',
          pullAuth: 'static-secret',
          findings: ['SECRET_EXPIRED'],
        }),
      ]),
    ]);
    const stored = await db.store.getEntityStatus('component:default/web');
    expect(stored?.status.health).toBe('error');
    expect(stored?.status.mechanisms).toEqual(['node-role', 'static-secret']);
    expect(stored?.status.workloads.map(w => w.cluster)).toEqual([
      'prod',
      'staging',
    ]);
  });

  it('drops the cluster rows of entities a full audit no longer lists', async () => {
    const api = entityResult('api', [
      workload({ cluster: 'prod', name: 'api' }),
    ]);
    await write('prod', T1, [web(), api]);
    await write('prod', T2, [web()]);
    const stored = await db.store.getEntityStatus('component:default/api');
    expect(stored?.status.workloads).toEqual([]);
    expect(stored?.summary).toBe('No workloads found');
  });

  it('keeps cluster rows only where an entity has workloads, and a status for every entity', async () => {
    const idle = entityResult('idle', []);
    const rowsOf = (ref: string) =>
      db
        .knex('ecr_access_cluster_results')
        .where({ entity_ref: ref })
        .orderBy('cluster')
        .pluck('cluster');
    // As the audit does once per catalog read, before the cluster writes.
    await db.store.createMissingEntities([web(), idle]);
    await write('prod', T1, [web(), idle]);
    await write('edge', T1, [entityResult('web', []), idle]);
    expect(await rowsOf('component:default/web')).toEqual(['prod']);
    expect(await rowsOf('component:default/idle')).toEqual([]);
    // An entity with no workloads anywhere still has its stored status, not a 404.
    const stored = await db.store.getEntityStatus('component:default/idle');
    expect(stored?.status).toMatchObject({ workloads: [], mechanisms: [] });
    expect((await db.store.listAudit({})).totalCount).toBe(2);

    // Its workloads leave prod: the row goes, and the status says so.
    const written = await write('prod', T2, [entityResult('web', []), idle]);
    expect(written).toEqual({ entities: 1, changed: 1 });
    expect(await rowsOf('component:default/web')).toEqual([]);
    expect(
      (await db.store.getEntityStatus('component:default/web'))?.status
        .workloads,
    ).toEqual([]);
  });

  it('leaves the other entities alone on a partial write', async () => {
    const api = entityResult('api', [
      workload({ cluster: 'prod', name: 'api' }),
    ]);
    await write('prod', T1, [web(), api]);
    await write('prod', T2, [web('static-secret')], { partial: true });
    const stored = await db.store.getEntityStatus('component:default/api');
    expect(stored?.status.workloads).toHaveLength(1);
    const webStatus = await db.store.getEntityStatus('component:default/web');
    expect(webStatus?.status.mechanisms).toEqual(['static-secret']);
  });

  it('keeps the last known status of an unreachable cluster, marked stale', async () => {
    const other = entityResult('other', [
      workload({ cluster: 'staging', name: 'other' }),
    ]);
    await write('prod', T1, [web()]);
    await write('staging', T1, [other]);
    await db.store.markClusterUnreachable({
      cluster: 'prod',
      checkedAt: T2,
      error: 'connect ECONNREFUSED',
    });
    await db.store.markClusterUnreachable({
      cluster: 'prod',
      checkedAt: T3,
      error: 'connect ECONNREFUSED',
    });
    const stored = await db.store.getEntityStatus('component:default/web');
    expect(stored?.status).toMatchObject({
      stale: true,
      checked: true,
      health: 'unknown',
      mechanisms: ['node-role'],
      clusters: [
        {
          cluster: 'prod',
          reachable: false,
          checkedAt: T3.toISOString(), // the latest attempt
          unreachableSince: T2.toISOString(), // the first failure
          lastSuccessAt: T1.toISOString(), // the results shown
          error: 'connect ECONNREFUSED',
        },
        // Read, no workloads of web there: listed on read, not stored.
        {
          cluster: 'staging',
          reachable: true,
          lastSuccessAt: T1.toISOString(),
        },
      ],
    });
    expect(stored?.status.workloads).toHaveLength(1);
    expect(stored?.status.findings.map(f => f.code)).toEqual([
      'CLUSTER_UNREACHABLE',
    ]);
    expect(stored?.status.findings[0].message).toContain(
      `last good read ${T1.toISOString()}`,
    );
    expect(stored?.summary).toMatch(/stale/);
    // Unreachable for every entity: other may run on prod too, it was never read there.
    const otherStatus = await db.store.getEntityStatus(
      'component:default/other',
    );
    expect(otherStatus?.status).toMatchObject({
      stale: true,
      health: 'unknown',
      clusters: [
        {
          cluster: 'prod',
          reachable: false,
          lastSuccessAt: T1.toISOString(),
        },
        { cluster: 'staging', reachable: true },
      ],
    });
    // One change to stale, none for the second failure.
    expect(await db.store.getHistory('component:default/web')).toHaveLength(2);

    await write('prod', T3, [web()]);
    const back = await db.store.getEntityStatus('component:default/web');
    expect(back?.status).toMatchObject({ stale: false, health: 'ok' });
  });

  // A replica whose audit outlived its lock, or a refresh that started before an audit,
  // writes after newer results of the same cluster: it must change none of them.
  describe('a write older than the stored results', () => {
    const newer = () =>
      entityResult('web', [
        workload({
          cluster: 'prod',
          name: 'web',
          pullAuth: 'static-secret',
          findings: ['SECRET_EXPIRED'],
          checkedAt: T2.toISOString(),
        }),
      ]);
    const api = entityResult('api', [
      workload({ cluster: 'prod', name: 'api' }),
    ]);
    const clusterRows = () =>
      db
        .knex('ecr_access_cluster_results')
        .where({ cluster: 'prod' })
        .orderBy('entity_ref')
        .select('entity_ref', 'checked_at', 'stale')
        .then(rows =>
          rows.map(r => ({
            ref: r.entity_ref,
            checkedAt: new Date(r.checked_at).toISOString(),
            stale: Boolean(r.stale),
          })),
        );

    it('overwrites no newer row and writes no history row', async () => {
      await write('prod', T2, [newer()]);
      const before = await db.store.getEntityStatus('component:default/web');
      const late = await write('prod', T1, [web()]);
      expect(late).toEqual({ entities: 0, changed: 0 });
      expect(await clusterRows()).toEqual([
        {
          ref: 'component:default/web',
          checkedAt: T2.toISOString(),
          stale: false,
        },
      ]);
      expect(await db.store.getEntityStatus('component:default/web')).toEqual(
        before,
      );
      expect(before?.status.mechanisms).toEqual(['static-secret']);
      expect(
        (await db.store.getHistory('component:default/web')).map(
          h => h.changedAt,
        ),
      ).toEqual([T2.toISOString()]);

      // The same on a refresh's partial write.
      await write('prod', T1, [web()], { partial: true });
      expect(await db.store.getEntityStatus('component:default/web')).toEqual(
        before,
      );
    });

    it('deletes no newer row of an entity it saw without workloads or did not list', async () => {
      await write('prod', T2, [newer(), api]);
      const rows = await clusterRows();
      expect(rows.map(r => r.ref)).toEqual([
        'component:default/api',
        'component:default/web',
      ]);
      await write('prod', T1, [entityResult('web', [])]);
      expect(await clusterRows()).toEqual(rows);
      expect(
        (await db.store.getEntityStatus('component:default/api'))?.status
          .workloads,
      ).toHaveLength(1);
    });

    it('brings back no workload a newer audit saw gone', async () => {
      await write('prod', T1, [web(), api]);
      // T3: web's workload is gone from the cluster.
      await write('prod', T3, [entityResult('web', []), api]);
      const after = await db.store.getEntityStatus('component:default/web');
      expect(after?.status.workloads).toEqual([]);
      // A late audit from T2, which still saw it, changes nothing.
      const late = await write('prod', T2, [web(), api]);
      expect(late).toEqual({ entities: 0, changed: 0 });
      expect((await clusterRows()).map(r => r.ref)).toEqual([
        'component:default/api',
      ]);
      expect(await db.store.getEntityStatus('component:default/web')).toEqual(
        after,
      );
    });

    it('marks no newer row stale when an older audit failed', async () => {
      await write('prod', T2, [newer()]);
      const before = await db.store.getEntityStatus('component:default/web');
      await db.store.markClusterUnreachable({
        cluster: 'prod',
        checkedAt: T1,
        error: 'connect ECONNREFUSED',
      });
      expect(await db.store.getEntityStatus('component:default/web')).toEqual(
        before,
      );
      expect(before?.status.stale).toBe(false);
    });
  });

  it('removes the entities that left the catalog', async () => {
    const api = entityResult('api', [
      workload({ cluster: 'prod', name: 'api' }),
    ]);
    await write('prod', T1, [web(), api]);
    const removed = await db.store.removeEntitiesNotIn([
      'Component:default/web',
    ]);
    expect(removed).toBe(1);
    expect(await db.store.getEntityStatus('component:default/api')).toBe(
      undefined,
    );
    expect(await db.store.getHistory('component:default/api')).toEqual([]);
    const { totalCount } = await db.store.listAudit({});
    expect(totalCount).toBe(1);
    const rows = await db
      .knex('ecr_access_cluster_results')
      .select('entity_ref');
    expect(rows).toEqual([{ entity_ref: 'component:default/web' }]);
  });

  it('aggregates both clusters when two replicas write them at once', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `svc-${i}`);
    const resultsOf = (cluster: string, pullAuth: PullAuth) => ({
      cluster,
      checkedAt: T1,
      entities: names.map(n =>
        entityResult(n, [workload({ cluster, name: n, pullAuth })]),
      ),
    });
    await db.store.writeClusterResults(resultsOf('prod', 'node-role'));
    await db.store.writeClusterResults(resultsOf('staging', 'node-role'));
    // Each store has its own connection on PostgreSQL; SQLite serializes writers. The
    // entities exist already, so only the row locks keep each writer from aggregating
    // the other cluster's old rows.
    const other = await storeOver(db.knex, { skipMigrations: true });
    await Promise.all([
      db.store.writeClusterResults(resultsOf('prod', 'static-secret')),
      other.writeClusterResults(resultsOf('staging', 'anonymous')),
    ]);
    for (const name of names) {
      const stored = await db.store.getEntityStatus(
        `component:default/${name}`,
      );
      expect(stored?.status.mechanisms).toEqual(['static-secret', 'anonymous']);
    }
  });

  it('records audit runs and lists the newest first', async () => {
    const run = {
      status: 'succeeded' as const,
      entityCount: 2,
      workloadCount: 3,
      counts: { byMechanism: { 'node-role': 2 }, byHealth: { ok: 2 } },
      errors: [],
      kubernetesRequests: 9,
      awsRequests: 4,
    };
    const first = await db.store.recordRun({
      ...run,
      cluster: 'prod',
      startedAt: T1,
      finishedAt: T2,
    });
    expect(first).toEqual({
      ...run,
      id: expect.any(Number),
      cluster: 'prod',
      startedAt: T1.toISOString(),
      finishedAt: T2.toISOString(),
    });
    await db.store.recordRun({
      ...run,
      cluster: 'staging',
      startedAt: T2,
      status: 'failed',
      errors: [{ cluster: 'staging', message: 'unreachable' }],
    });
    const runs = await db.store.listRuns();
    expect(runs.map(r => r.cluster)).toEqual(['staging', 'prod']);
    expect(runs[0].finishedAt).toBeUndefined();
    expect(await db.store.listRuns({ limit: 1 })).toHaveLength(1);
    expect(
      (await db.store.listRuns({ cluster: 'prod' })).map(r => r.id),
    ).toEqual([first.id]);
  });
});
