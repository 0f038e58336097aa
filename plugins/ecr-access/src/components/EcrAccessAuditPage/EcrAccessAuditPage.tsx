import { Container, PluginHeader, Text } from '@backstage/ui';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import { EcrAccessAuditContent } from './EcrAccessAuditContent';

/**
 * The audit page framed for the legacy frontend system, which expects a plugin page to draw
 * its own header. The new frontend system draws the header and uses the content alone. Both
 * frames are `@backstage/ui` (core-components' `Page`, `Header` and `Content` are deprecated
 * in 1.57 for new UI).
 */
export function EcrAccessAuditPage() {
  return (
    <>
      <PluginHeader
        title="ECR access"
        icon={<VerifiedUserIcon fontSize="inherit" />}
      />
      <Container my="4">
        <Text as="p" color="secondary">
          How every service's EKS workloads pull their ECR images
        </Text>
        <EcrAccessAuditContent />
      </Container>
    </>
  );
}
