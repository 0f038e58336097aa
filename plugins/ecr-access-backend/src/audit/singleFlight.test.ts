import { SingleFlight } from './singleFlight';

describe('SingleFlight', () => {
  it('shares one call among concurrent callers of a key, and starts anew after it settles', async () => {
    const flight = new SingleFlight<number>();
    let calls = 0;
    let release!: () => void;
    const fn = () =>
      new Promise<number>(resolve => {
        calls++;
        release = () => resolve(calls);
      });
    const together = Array.from({ length: 20 }, () => flight.run('web', fn));
    expect(flight.size).toBe(1);
    release();
    expect(await Promise.all(together)).toEqual(Array(20).fill(1));
    expect(flight.size).toBe(0);
    const later = flight.run('web', fn);
    release();
    expect(await later).toBe(2);
  });

  it('keeps keys apart, and a failure reaches every sharer once and is not kept', async () => {
    const flight = new SingleFlight<string>();
    const failing = Promise.all([
      flight.run('a', async () => {
        throw new Error('cluster down');
      }),
      flight.run('a', async () => 'never called'),
    ]);
    const other = flight.run('b', async () => 'b checked');
    await expect(failing).rejects.toThrow('cluster down');
    expect(await other).toBe('b checked');
    expect(await flight.run('a', async () => 'a again')).toBe('a again');
  });
});
