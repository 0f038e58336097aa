import { ConfigReader } from '@backstage/config';
import {
  ClusterEndpointResolver,
  readKubernetesClusters,
} from './clusterEndpoints';

const config = new ConfigReader({
  kubernetes: {
    clusterLocatorMethods: [
      { type: 'catalog' },
      {
        type: 'config',
        clusters: [
          {
            name: 'prod-use1',
            url: 'https://prod.example.com/',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'token-prod',
            caData: 'Q0E=',
          },
          {
            name: 'gke',
            url: 'https://gke.example.com',
            authProvider: 'google',
          },
        ],
      },
    ],
  },
});

describe('cluster endpoints', () => {
  it('reads the clusters of the Kubernetes plugin config locators only', () => {
    const clusters = readKubernetesClusters(config);
    expect(clusters.map(c => c.name)).toEqual(['prod-use1', 'gke']);
    expect(clusters[0]).toMatchObject({
      url: 'https://prod.example.com/',
      caData: 'Q0E=',
      authMetadata: {
        'kubernetes.io/auth-provider': 'serviceAccount',
        serviceAccountToken: 'token-prod',
      },
    });
  });

  it('resolves a service-account cluster to its URL and token', async () => {
    const [prod] = readKubernetesClusters(config);
    const endpoint = await new ClusterEndpointResolver(config).resolve(prod);
    expect(endpoint).toEqual({
      name: 'prod-use1',
      url: 'https://prod.example.com/',
      token: 'token-prod',
      caData: 'Q0E=',
      skipTLSVerify: false,
    });
  });

  it('refuses an auth provider it cannot audit with, naming the cluster', async () => {
    const [, gke] = readKubernetesClusters(config);
    await expect(
      new ClusterEndpointResolver(config).resolve(gke),
    ).rejects.toThrow("Cluster 'gke' uses authProvider 'google'");
  });
});
