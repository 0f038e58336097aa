import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/ecr-access',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const ecrAccessPlugin = createFrontendPlugin({
  pluginId: 'ecr-access',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
