import { createPlugin } from '@backstage/core-plugin-api';

/**
 * The ecr-access plugin for apps on the legacy frontend system. Apps on the new frontend
 * system import `@ecr-access/plugin-ecr-access/alpha` instead.
 *
 * @public
 */
export const ecrAccessPlugin = createPlugin({
  id: 'ecr-access',
});
