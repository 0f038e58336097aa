import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { demoFeatures } from '../features';

/**
 * The demo backend (`demoFeatures`, as `yarn start` runs it) in a test backend: in-memory
 * SQLite, guest sign-in, the app's usual base URLs, and the given app-config beside them
 * (the clusters, the catalog, `ecrAccess`).
 */
export function startDemoBackend(config: JsonObject) {
  return startTestBackend({
    features: [
      ...demoFeatures,
      mockServices.rootConfig.factory({
        data: {
          ...config,
          backend: {
            baseUrl: 'http://localhost:7007',
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          app: {
            baseUrl: 'http://localhost:3000',
            disableConfigInjection: true,
          },
          auth: { providers: { guest: {} } },
        },
      }),
    ],
  });
}
