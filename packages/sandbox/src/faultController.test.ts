import { FaultController } from './faults';

describe('FaultController', () => {
  it('draws latency from a range and applies error rates with the given randomness', () => {
    const rolls = [0.5, 0.1, 0.5, 0.9]; // latency, error, latency, error
    const faults = new FaultController(
      [
        {
          api: 'iam',
          latency: { min: '100ms', max: '300ms' },
          error: 'throttle',
          errorRate: 0.5,
        },
      ],
      () => rolls.shift() ?? 0,
    );
    const first = faults.decide('iam', 'GetRole');
    expect(first.latencyMs).toBe(200); // 100 + 0.5 × 200
    expect(first.error).toEqual({ kind: 'throttle', retryAfterSeconds: 1 });
    const second = faults.decide('iam', 'GetRole');
    expect(second.error).toBeUndefined(); // roll 0.9 ≥ rate 0.5
  });

  it('matches by API, cluster and operation glob, and stops after `times`', () => {
    const faults = new FaultController([
      {
        api: 'kubernetes',
        cluster: 'a',
        operation: 'list:*',
        error: 'internal',
        times: 1,
      },
    ]);
    expect(
      faults.decide('kubernetes', 'get:secrets', 'a').error,
    ).toBeUndefined();
    expect(
      faults.decide('kubernetes', 'list:secrets', 'b').error,
    ).toBeUndefined();
    expect(faults.decide('kubernetes', 'list:secrets', 'a').error).toEqual({
      kind: 'internal',
    });
    expect(
      faults.decide('kubernetes', 'list:secrets', 'a').error,
    ).toBeUndefined();
    expect(faults.counts()).toEqual({
      'kubernetes:a/get:secrets': 1,
      'kubernetes:a/list:secrets': 2,
      'kubernetes:b/list:secrets': 1,
    });
  });

  it('treats down rules without an operation as the whole cluster or service', () => {
    const faults = new FaultController([
      { api: 'kubernetes', cluster: 'a', down: true },
    ]);
    expect(faults.isDown('kubernetes', 'a')).toBe(true);
    expect(faults.isDown('kubernetes', 'b')).toBe(false);
    expect(faults.decide('kubernetes', 'list:pods', 'a').drop).toBe(true);
  });

  it('rate-limits with a token bucket per cluster, refilling at `rps`', () => {
    let now = 0;
    const faults = new FaultController(
      [{ api: 'kubernetes', rateLimit: { rps: 2, burst: 3 } }],
      Math.random,
      () => now,
    );
    const list = (cluster: string) =>
      faults.decide('kubernetes', 'list:pods', cluster).error;
    // The burst passes, the next is refused with the wait for one token (0.5 s → 1 s).
    expect([list('a'), list('a'), list('a')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(list('a')).toEqual({ kind: 'throttle', retryAfterSeconds: 1 });
    // Another cluster has its own bucket.
    expect(list('b')).toBeUndefined();
    // Half a second later one token is back, and only one.
    now = 500;
    expect(list('a')).toBeUndefined();
    expect(list('a')).toEqual({ kind: 'throttle', retryAfterSeconds: 1 });
    // Refused requests are still counted: the benchmarks count what reached the server.
    expect(faults.counts()['kubernetes:a/list:pods']).toBe(6);
    expect(faults.rateLimitedCounts()).toEqual({
      'kubernetes:a/list:pods': 2,
    });
  });

  it('scopes AWS rate limits per account', () => {
    const faults = new FaultController(
      [{ api: 'iam', rateLimit: { rps: 1 } }],
      Math.random,
      () => 0,
    );
    expect(
      faults.decide('iam', 'GetRole', undefined, '111111111111').error,
    ).toBeUndefined();
    expect(
      faults.decide('iam', 'GetRole', undefined, '111111111111').error?.kind,
    ).toBe('throttle');
    expect(
      faults.decide('iam', 'GetRole', undefined, '222222222222').error,
    ).toBeUndefined();
  });

  it('rejects a rate limit without a positive rate', () => {
    expect(
      () => new FaultController([{ api: 'iam', rateLimit: { rps: 0 } } as any]),
    ).toThrow('faults[0].rateLimit.rps');
  });
});
