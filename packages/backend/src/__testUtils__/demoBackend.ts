import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { demoFeatures } from '../features';

/**
 * The demo's app-config for a test backend: the given app-config (the clusters, the catalog,
 * `ecrAccess`) beside in-memory SQLite, guest sign-in and the app's usual base URLs; `backend`
 * adds to the backend key (e.g. `actions`).
 */
export function demoTestConfig(
  config: JsonObject,
  backend: JsonObject = {},
): JsonObject {
  return {
    ...config,
    backend: {
      baseUrl: 'http://localhost:7007',
      database: { client: 'better-sqlite3', connection: ':memory:' },
      ...backend,
    },
    app: { baseUrl: 'http://localhost:3000', disableConfigInjection: true },
    auth: { providers: { guest: {} } },
  };
}

/** The demo backend (`demoFeatures`, as `yarn start` runs it) in a test backend. */
export function startDemoBackend(config: JsonObject) {
  return startTestBackend({
    features: [
      ...demoFeatures,
      mockServices.rootConfig.factory({ data: demoTestConfig(config) }),
    ],
  });
}
