import { collectCluster } from './collectCluster';
import { ClusterUnreachableError } from './errors';
import { LISTED_KINDS } from './kubernetesKinds';

const cluster = {
  name: 'prod',
  accountId: '111122223333',
  region: 'us-east-1',
  imagePullAuth: 'node-role' as const,
};

describe('collectCluster', () => {
  it('stops listing a cluster once it is unreachable: no request beyond those in flight', async () => {
    const get = jest.fn(async () => {
      await new Promise(resolve => setImmediate(resolve));
      throw Object.assign(new Error('connect ECONNREFUSED'), {
        code: 'ECONNREFUSED',
      });
    });
    await expect(
      collectCluster(cluster, get, { concurrency: 4 }),
    ).rejects.toBeInstanceOf(ClusterUnreachableError);
    // Let anything still queued run, had it not been stopped.
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(LISTED_KINDS.length).toBeGreaterThan(4);
    expect(get).toHaveBeenCalledTimes(4);
  });
});
