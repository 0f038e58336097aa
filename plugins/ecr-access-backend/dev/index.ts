import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Runs the plugin alone (`yarn start` in this folder) with mocked auth and a one-entity catalog.
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'payments-api',
          annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
        },
        spec: { type: 'service', owner: 'team-payments' },
      },
    ],
  }),
);
backend.add(import('../src'));
backend.start();
