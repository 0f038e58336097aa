import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/**
 * The ecr-access plugin for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ecr-access',
  info: { packageJson: () => import('../package.json') },
  extensions: [],
});
