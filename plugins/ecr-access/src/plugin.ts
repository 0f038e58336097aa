import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { ecrAccessApiRef } from './api/EcrAccessApi';
import { EcrAccessClient } from './api/EcrAccessClient';
import { rootRouteRef } from './routes';

/**
 * The ecr-access plugin for apps on the legacy frontend system. Apps on the new frontend
 * system import `@ecr-access/plugin-ecr-access/alpha` instead.
 *
 * @public
 */
export const ecrAccessPlugin = createPlugin({
  id: 'ecr-access',
  apis: [
    createApiFactory({
      api: ecrAccessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new EcrAccessClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The entity card: how the entity's workloads authenticate their ECR image pulls. Put it on
 * the entity overview page, e.g. inside `<EntitySwitch.Case if={isEcrAccessAvailable}>`.
 *
 * @public
 */
export const EntityEcrAccessCard: () => JSX.Element = ecrAccessPlugin.provide(
  createComponentExtension({
    name: 'EntityEcrAccessCard',
    component: {
      lazy: () =>
        import('./components/EntityEcrAccessCard').then(
          m => m.EntityEcrAccessCard,
        ),
    },
  }),
);

/**
 * The audit page of the whole catalog; mount it on a route, e.g.
 * `<Route path="/ecr-access" element={<EcrAccessAuditPage />} />`.
 *
 * @public
 */
export const EcrAccessAuditPage: () => JSX.Element = ecrAccessPlugin.provide(
  createRoutableExtension({
    name: 'EcrAccessAuditPage',
    component: () =>
      import('./components/EcrAccessAuditPage').then(m => m.EcrAccessAuditPage),
    mountPoint: rootRouteRef,
  }),
);
