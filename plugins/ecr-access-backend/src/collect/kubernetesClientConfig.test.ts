import { ConfigReader } from '@backstage/config';
import { readKubernetesClientOptions } from './kubernetesClientConfig';

describe('readKubernetesClientOptions', () => {
  it('defaults to a 10-second request timeout and 20 requests per second', () => {
    expect(readKubernetesClientOptions(new ConfigReader({}))).toEqual({
      timeoutMs: 10_000,
      requestsPerSecond: 20,
      readPullSecretHosts: false,
    });
  });

  it.each([
    [{ seconds: 3 }, 3_000],
    [{ milliseconds: 250 }, 250],
    ['PT1M', 60_000],
  ])('reads requestTimeout %j as %i ms', (requestTimeout, timeoutMs) => {
    const config = new ConfigReader({
      ecrAccess: { kubernetes: { requestTimeout, requestsPerSecond: 5 } },
    });
    expect(readKubernetesClientOptions(config)).toEqual({
      timeoutMs,
      requestsPerSecond: 5,
      readPullSecretHosts: false,
    });
  });

  it.each([
    [{ requestTimeout: 'soon' }, /ecrAccess\.kubernetes\.requestTimeout/],
    [{ requestTimeout: { seconds: 0 } }, /requestTimeout.*positive/],
    [{ requestsPerSecond: 0 }, /requestsPerSecond.*positive/],
    [
      { readPullSecretHosts: 'maybe' },
      /ecrAccess\.kubernetes\.readPullSecretHosts/,
    ],
  ])('names the key of a bad value %j', (kubernetes, message) => {
    const config = new ConfigReader({ ecrAccess: { kubernetes } });
    expect(() => readKubernetesClientOptions(config)).toThrow(message);
  });

  it('turns on reading pull-secret hosts only when asked', () => {
    const config = new ConfigReader({
      ecrAccess: { kubernetes: { readPullSecretHosts: true } },
    });
    expect(readKubernetesClientOptions(config).readPullSecretHosts).toBe(true);
  });
});
