import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ecrAccessPermissions } from '@ecr-access/plugin-ecr-access-common';
import { ecrAccessPlugin } from './plugin';

const kubernetesConfig = (name: string) => ({
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: [
        {
          name,
          url: 'https://127.0.0.1:1',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'token',
        },
      ],
    },
  ],
});

describe('ecrAccessPlugin', () => {
  it('starts with a valid configuration and reports its clusters', async () => {
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        ecrAccessPlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: kubernetesConfig('prod-use1'),
            ecrAccess: {
              clusters: [
                {
                  name: 'prod-use1',
                  accountId: '123456789012',
                  region: 'us-east-1',
                  imagePullAuth: 'service-account-token',
                },
              ],
            },
          },
        }),
        logger.factory,
      ],
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('prod-use1 (service-account-token)'),
    );
    await backend.stop();
  });

  it('refuses to start when a cluster has no connection in the Kubernetes config', async () => {
    await expect(
      startTestBackend({
        features: [
          ecrAccessPlugin,
          mockServices.rootConfig.factory({
            data: {
              kubernetes: kubernetesConfig('staging'),
              ecrAccess: {
                clusters: [
                  {
                    name: 'prod-use1',
                    accountId: '123456789012',
                    region: 'us-east-1',
                  },
                ],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      "'ecrAccess.clusters[0].name': no cluster named 'prod-use1' in kubernetes.clusterLocatorMethods",
    );
  });

  it('registers its permissions', async () => {
    const permissionsRegistry = mockServices.permissionsRegistry.mock();
    const backend = await startTestBackend({
      features: [ecrAccessPlugin, permissionsRegistry.factory],
    });
    expect(permissionsRegistry.addPermissions).toHaveBeenCalledWith(
      ecrAccessPermissions,
    );
    await backend.stop();
  });

  it('refuses to start when a cluster is misconfigured, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          ecrAccessPlugin,
          mockServices.rootConfig.factory({
            data: {
              ecrAccess: {
                clusters: [
                  { name: 'prod', accountId: 'prod', region: 'us-east-1' },
                ],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow("'ecrAccess.clusters[0].accountId'");
  });
});
