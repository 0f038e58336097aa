import { entityResult, workload } from '../__fixtures__/workloads';
import { describeStore } from '../__testUtils__/testStore';

jest.setTimeout(60_000);

const at = (hour: number) => new Date(Date.UTC(2026, 11, 5, hour));

/** One cluster's scheduled audit: `running` have a workload there, `others` none. */
function audit(
  cluster: string,
  hour: number,
  running: Array<{
    name: string;
    findings?: Parameters<typeof workload>[0]['findings'];
  }>,
  others: string[] = [],
) {
  return {
    cluster,
    checkedAt: at(hour),
    entities: [
      ...running.map(({ name, findings }) =>
        entityResult(name, [workload({ cluster, name, findings })]),
      ),
      ...others.map(name => entityResult(name, [])),
    ],
  };
}

describeStore("a cluster's first read", db => {
  it('leaves an entity unknown for a finding of its own, checked and not stale, as it is', async () => {
    const { store } = db;
    // svc-a's role could not be read on c0: unknown, for a finding of its own.
    await store.writeClusterResults(
      audit('c0', 10, [
        { name: 'svc-a', findings: ['OBJECTS_NOT_READABLE'] },
        { name: 'svc-b' },
      ]),
    );
    const before = await store.getEntityStatus('component:default/svc-a');
    expect(before?.status).toMatchObject({ health: 'unknown', stale: false });
    // c1 is read for the first time; neither entity runs there.
    const written = await store.writeClusterResults(
      audit('c1', 11, [{ name: 'svc-c' }], ['svc-a', 'svc-b']),
    );
    // Only svc-c, whose workload is there: a cluster reachable without svc-a's workloads
    // changes nothing of svc-a's status.
    expect(written.entities).toBe(1);
    const after = await store.getEntityStatus('component:default/svc-a');
    expect(after?.status).toMatchObject({ health: 'unknown', stale: false });
    expect(after?.status.findings.map(f => f.code)).toEqual([
      'OBJECTS_NOT_READABLE',
    ]);
  });

  it('clears the stale mark of an entity worse than unknown once the unreachable cluster is read', async () => {
    const { store } = db;
    // svc-a's static secret has expired on c0: error, whatever else.
    await store.writeClusterResults(
      audit('c0', 10, [{ name: 'svc-a', findings: ['SECRET_EXPIRED'] }]),
    );
    // c1 was down from the start: any entity may run there, so svc-a is stale.
    await store.markClusterUnreachable({
      cluster: 'c1',
      checkedAt: at(11),
      error: 'connect ECONNREFUSED',
    });
    const stale = await store.getEntityStatus('component:default/svc-a');
    expect(stale?.status).toMatchObject({ health: 'error', stale: true });
    // c1's first successful read: svc-a has no workload there.
    await store.writeClusterResults(audit('c1', 12, [], ['svc-a']));
    const read = await store.getEntityStatus('component:default/svc-a');
    expect(read?.status).toMatchObject({ health: 'error', stale: false });
    expect(read?.status.findings.map(f => f.code)).toEqual(['SECRET_EXPIRED']);
    expect(read?.status.clusters.every(c => c.reachable)).toBe(true);
    // As stored, where the audit page lists and counts it (its stale filter), not only as
    // served with the clusters' latest reads.
    const row = await db
      .knex('ecr_access_entities')
      .where({ entity_ref: 'component:default/svc-a' })
      .first();
    expect(row).toMatchObject({ health: 'error', stale: expect.anything() });
    expect(Boolean(row.stale)).toBe(false);
  });

  it('makes an entity created before any read checked', async () => {
    const { store } = db;
    await store.createMissingEntities([entityResult('svc-idle', [])]);
    expect(
      (await store.getEntityStatus('component:default/svc-idle'))?.status,
    ).toMatchObject({ health: 'unknown', checked: false });
    await store.writeClusterResults(audit('c0', 10, [], ['svc-idle']));
    const read = await store.getEntityStatus('component:default/svc-idle');
    // Checked, but nothing found is not healthy: its workloads may be of unlisted kinds.
    expect(read?.status).toMatchObject({ health: 'unknown', checked: true });
    expect(read?.status.findings.map(f => f.code)).toEqual([
      'NO_WORKLOADS_FOUND',
    ]);
    expect(read?.summary).toBe('No workloads found');
  });
});
