import type { StoredEntityStatus } from './EcrAccessStore';
import type { ClusterStateRow, EntityRow } from './rows';
import { StoredStatusMemo } from './storedStatusMemo';

const row = (ref: string, changes: Partial<EntityRow> = {}): EntityRow => ({
  entity_ref: ref,
  kind: 'component',
  namespace: 'default',
  name: ref.split('/')[1],
  owner: 'group:default/team-a',
  title: null,
  health: 'ok',
  health_rank: 0,
  stale: false,
  checked_at: new Date('2026-12-03T10:00:00.000Z'),
  summary: 'Pulls use the node role',
  status: '{"health":"ok"}',
  status_hash: 'h1',
  input_findings: null,
  ...changes,
});

const state = (changes: Partial<ClusterStateRow> = {}): ClusterStateRow => ({
  cluster: 'prod',
  reachable: true,
  checked_at: new Date('2026-12-03T10:00:00.000Z'),
  last_success_at: new Date('2026-12-03T10:00:00.000Z'),
  unreachable_since: null,
  error: null,
  settled: true,
  ...changes,
});

describe('StoredStatusMemo', () => {
  let builds: number;
  const build = (summary: string) => (): StoredEntityStatus => {
    builds += 1;
    return {
      entity: {
        entityRef: 'x',
        kind: 'component',
        namespace: 'default',
        name: 'x',
      },
      status: { health: 'ok' } as StoredEntityStatus['status'],
      summary,
    };
  };

  beforeEach(() => {
    builds = 0;
  });

  it('hands the same frozen status for rows read again with equal values (times as new Dates)', () => {
    const memo = new StoredStatusMemo();
    const first = memo.get(row('component:default/a'), [state()], build('a'));
    const again = memo.get(row('component:default/a'), [state()], build('b'));
    expect(again).toBe(first);
    expect(builds).toBe(1);
    expect(Object.isFrozen(first.status)).toBe(true);
    expect(() => {
      (first as { summary: string }).summary = 'changed';
    }).toThrow(TypeError);
  });

  it.each([
    [
      'the status text',
      [row('component:default/a', { status: '{"health":"error"}' }), [state()]],
    ],
    [
      'the summary',
      [row('component:default/a', { summary: 'Pulls fail' }), [state()]],
    ],
    [
      'the time checked',
      [
        row('component:default/a', {
          checked_at: new Date('2026-12-03T10:00:01.000Z'),
        }),
        [state()],
      ],
    ],
    [
      'a cluster that went down',
      [row('component:default/a'), [state({ reachable: false })]],
    ],
    [
      'a cluster added',
      [row('component:default/a'), [state(), state({ cluster: 'dev' })]],
    ],
    [
      'a column added',
      [{ ...row('component:default/a'), extra: 1 } as EntityRow, [state()]],
    ],
  ] as const)('builds again when %s changed', (_what, [changed, states]) => {
    const memo = new StoredStatusMemo();
    const first = memo.get(row('component:default/a'), [state()], build('a'));
    const next = memo.get(changed, [...states], build('b'));
    expect(next).not.toBe(first);
    expect(next.summary).toBe('b');
    expect(builds).toBe(2);
  });

  it('keeps at most its bound, letting the least recently read go', () => {
    const memo = new StoredStatusMemo(2);
    const a = memo.get(row('component:default/a'), [], build('a'));
    memo.get(row('component:default/b'), [], build('b'));
    expect(memo.get(row('component:default/a'), [], build('a2'))).toBe(a);
    memo.get(row('component:default/c'), [], build('c'));
    expect(builds).toBe(3);
    // b was the least recently read: it went, a stayed.
    expect(memo.get(row('component:default/a'), [], build('a3'))).toBe(a);
    expect(builds).toBe(3);
    expect(memo.get(row('component:default/b'), [], build('b2')).summary).toBe(
      'b2',
    );
    expect(builds).toBe(4);
  });
});
