import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startDemoBackend } from './__testUtils__/demoBackend';

describe('the demo backend', () => {
  it('serves the ecr-access scaffolder actions and the ecr-access plugin', async () => {
    const backend = await startDemoBackend({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'prod-use1',
                url: 'https://127.0.0.1:1',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'token',
              },
            ],
          },
        ],
      },
      ecrAccess: {
        clusters: [
          { name: 'prod-use1', accountId: '123456789012', region: 'us-east-1' },
        ],
      },
    });
    try {
      const actions = await request(backend.server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', mockCredentials.user.header());
      expect(actions.status).toBe(200);
      expect(actions.body.map((a: { id: string }) => a.id)).toContain(
        'ecr-access:manifests:render',
      );

      const readiness = await request(backend.server).get(
        '/.backstage/health/v1/readiness',
      );
      expect(readiness.status).toBe(200);
    } finally {
      await backend.stop();
    }
  });
});
