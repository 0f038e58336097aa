import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { seedStatusesModule } from './seedStatuses';

// Runs the plugin alone (`yarn start` in this folder) with mocked auth, every permission
// allowed (there is no permission backend here), a one-entity catalog and a stored status
// for that entity.
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
);
backend.add(seedStatusesModule);
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
