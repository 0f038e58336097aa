import { FreshRead } from './freshRead';

/** A read whose answers the test releases one by one; `started` counts the reads begun. */
function controlledRead() {
  const pending: Array<(value: number) => void> = [];
  let started = 0;
  const read = () =>
    new Promise<number>(resolve => {
      started += 1;
      pending.push(resolve);
    });
  const settle = async (value: number) => {
    await new Promise(resolve => setImmediate(resolve));
    pending.shift()!(value);
    await new Promise(resolve => setImmediate(resolve));
  };
  return { read, settle, started: () => started };
}

describe('FreshRead', () => {
  it('answers a caller who asks while a read is under way from the next read, shared by all who asked meanwhile', async () => {
    const { read, settle, started } = controlledRead();
    const fresh = new FreshRead(read);
    const first = fresh.get();
    await new Promise(resolve => setImmediate(resolve));
    // Asked after the first read started: it may have missed a write committed since.
    const second = fresh.get();
    const third = fresh.get();
    expect(started()).toBe(1);
    await settle(1);
    expect(await first).toBe(1);
    expect(started()).toBe(2);
    await settle(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(started()).toBe(2);
  });

  it('reads at once for a caller alone, and again for the next', async () => {
    const { read, settle, started } = controlledRead();
    const fresh = new FreshRead(read);
    const one = fresh.get();
    await settle(1);
    expect(await one).toBe(1);
    const two = fresh.get();
    await settle(2);
    expect(await two).toBe(2);
    expect(started()).toBe(2);
  });

  it('hands a failed read to its callers only: the next read is made', async () => {
    let calls = 0;
    const fresh = new FreshRead(async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return calls;
    });
    await expect(fresh.get()).rejects.toThrow('connection lost');
    await expect(fresh.get()).resolves.toBe(2);
  });
});
