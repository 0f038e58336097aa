import { createRouteRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import { Container } from '@backstage/ui';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';

/** The audit page's route in the new frontend system. */
export const auditPageRouteRef = createRouteRef();

/**
 * The audit page. Its `title` and `icon` put it in the sidebar (1.55 has no nav-item
 * blueprint); the framework draws the page header, so the content draws none.
 */
export const ecrAccessAuditPage = PageBlueprint.make({
  params: {
    path: '/ecr-access',
    title: 'ECR access',
    icon: <VerifiedUserIcon fontSize="inherit" />,
    routeRef: auditPageRouteRef,
    loader: () =>
      import('../components/EcrAccessAuditPage').then(m => (
        <Container my="4">
          <m.EcrAccessAuditContent />
        </Container>
      )),
  },
});
