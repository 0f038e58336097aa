import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import { ecrAccessApi } from './apis';
import { ecrAccessEntityCard } from './entityCards';
import { auditPageRouteRef, ecrAccessAuditPage } from './pages';

/**
 * The ecr-access plugin for apps on the new frontend system: the API, the entity card and the
 * audit page.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ecr-access',
  title: 'ECR access',
  icon: <VerifiedUserIcon fontSize="inherit" />,
  info: { packageJson: () => import('../../package.json') },
  extensions: [ecrAccessApi, ecrAccessEntityCard, ecrAccessAuditPage],
  routes: { root: auditPageRouteRef },
});
