import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Text } from '@backstage/ui';
import { ecrAccessAuditRunsReadPermission } from '@ecr-access/plugin-ecr-access-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ecrAccessApiRef } from '../../api/EcrAccessApi';
import { ErrorState } from '../EntityEcrAccessCard/CardStates';
import { AuditRunList } from './AuditRunList';

const RECENT_RUNS = 10;

/**
 * The last audit runs, for those allowed to read them (`ecr-access.audit.runs.read`): runs
 * describe clusters rather than entities, so the catalog's read permission does not cover them.
 * Without the permission nothing is fetched and the section says why, instead of showing the
 * backend's 403 as an error.
 */
export function RecentAuditRuns() {
  const api = useApi(ecrAccessApiRef);
  const { allowed, loading } = usePermission({
    permission: ecrAccessAuditRunsReadPermission,
  });
  const runs = useAsyncRetry(
    async () => (allowed ? api.getAuditRuns({ limit: RECENT_RUNS }) : []),
    [api, allowed],
  );

  let body;
  if (loading) {
    body = null;
  } else if (!allowed) {
    body = (
      <Text as="p" variant="body-small">
        Reading the audit runs needs the permission{' '}
        <code>{ecrAccessAuditRunsReadPermission.name}</code>.
      </Text>
    );
  } else if (runs.error) {
    body = (
      <ErrorState
        title="The audit runs could not be loaded"
        error={runs.error}
        onRetry={runs.retry}
      />
    );
  } else {
    // A table that scrolls sideways on a narrow screen rather than squeezing its errors into
    // a column one word wide; focusable, so that the keyboard can scroll it.
    body = (
      <div
        role="region"
        aria-label="Audit runs, scrolls sideways"
        // A scrolling region must take focus for the keyboard to scroll it (WCAG 2.1.1; axe's
        // scrollable-region-focusable).
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        style={{ overflowX: 'auto' }}
      >
        <div style={{ minWidth: 720 }}>
          <AuditRunList runs={runs.value ?? []} />
        </div>
      </div>
    );
  }

  return (
    <Box as="section" aria-label="Recent audit runs">
      <Text as="h3" variant="title-x-small" weight="bold">
        Recent audit runs
      </Text>
      {body}
    </Box>
  );
}
