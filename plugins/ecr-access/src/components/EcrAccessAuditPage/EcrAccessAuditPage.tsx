import { Content, Header, Page } from '@backstage/core-components';
import { EcrAccessAuditContent } from './EcrAccessAuditContent';

/**
 * The audit page framed for the legacy frontend system, which expects a plugin page to draw
 * its own header. The new frontend system draws the header and uses the content alone.
 */
export function EcrAccessAuditPage() {
  return (
    <Page themeId="tool">
      <Header
        title="ECR access"
        subtitle="How every service's EKS workloads pull their ECR images"
      />
      <Content>
        <EcrAccessAuditContent />
      </Content>
    </Page>
  );
}
