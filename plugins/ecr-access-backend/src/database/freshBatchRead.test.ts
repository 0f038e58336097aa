import { FreshBatchRead } from './freshBatchRead';

/** A read by keys whose answers the test releases one by one; `reads` lists the keys of each. */
function controlledRead() {
  const pending: Array<() => void> = [];
  const reads: string[][] = [];
  const read = (keys: string[]) =>
    new Promise<Map<string, string>>(resolve => {
      const answer = new Map(keys.map(k => [k, `${k}@${reads.length}`]));
      reads.push(keys);
      pending.push(() => resolve(answer));
    });
  const tick = () => new Promise(resolve => setImmediate(resolve));
  const settle = async () => {
    await tick();
    pending.shift()!();
    await tick();
  };
  return { read, settle, reads, tick };
}

describe('FreshBatchRead', () => {
  it('reads the keys asked for before a read starts together, and a key asked for after it starts in the next read', async () => {
    const { read, settle, reads, tick } = controlledRead();
    const batched = new FreshBatchRead(read);
    const a = batched.get('a');
    const b = batched.get('b');
    await tick();
    expect(reads).toEqual([['a', 'b']]);
    // Asked once the first read has started: it may have missed a write committed since.
    const a2 = batched.get('a');
    const c = batched.get('c');
    await tick();
    expect(reads).toHaveLength(1);
    await settle();
    expect(await a).toBe('a@0');
    expect(await b).toBe('b@0');
    expect(reads).toEqual([
      ['a', 'b'],
      ['a', 'c'],
    ]);
    await settle();
    expect(await a2).toBe('a@1');
    expect(await c).toBe('c@1');
  });

  it('reads at once for a caller alone, and answers undefined for a key the read did not find', async () => {
    const batched = new FreshBatchRead(
      async (keys: string[]) =>
        new Map(keys.filter(k => k !== 'gone').map(k => [k, k])),
    );
    await expect(batched.get('here')).resolves.toBe('here');
    await expect(batched.get('gone')).resolves.toBeUndefined();
  });

  it('puts no more than its limit of keys in one read', async () => {
    const reads: string[][] = [];
    const batched = new FreshBatchRead(async (keys: string[]) => {
      reads.push(keys);
      return new Map(keys.map(k => [k, k]));
    }, 2);
    const answers = await Promise.all(['a', 'b', 'c'].map(k => batched.get(k)));
    expect(answers).toEqual(['a', 'b', 'c']);
    expect(reads).toEqual([['a', 'b'], ['c']]);
  });

  it('hands a failed read to its callers only: the next read is made', async () => {
    let calls = 0;
    const batched = new FreshBatchRead(async (keys: string[]) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return new Map(keys.map(k => [k, calls]));
    });
    await expect(batched.get('a')).rejects.toThrow('connection lost');
    await expect(batched.get('a')).resolves.toBe(2);
  });
});
