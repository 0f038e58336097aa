import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import signalsBackend from '@backstage/plugin-signals-backend';
import type { JsonObject } from '@backstage/types';
import { demoFeatures } from '../features';

/**
 * The demo's features in a test backend: all but the signals backend, which serves
 * WebSockets and so needs the HTTP server that backend-test-utils' router does not hand its
 * plugins ("WebSocket routing requires an HTTP server"). Notifications work without it: the
 * app then reads them when it asks instead of having them pushed.
 */
export const demoTestFeatures = demoFeatures.filter(f => f !== signalsBackend);

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

/** The demo backend (`demoFeatures`, as `yarn start` runs it, but signals) in a test backend. */
export function startDemoBackend(config: JsonObject) {
  return startTestBackend({
    features: [
      ...demoTestFeatures,
      mockServices.rootConfig.factory({ data: demoTestConfig(config) }),
    ],
  });
}
