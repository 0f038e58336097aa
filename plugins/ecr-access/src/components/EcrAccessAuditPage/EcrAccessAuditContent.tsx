import { Alert, Flex, Text } from '@backstage/ui';
import { useCallback, useState } from 'react';
import type {
  AuditCounts,
  AuditFilter,
  AuditResponse,
} from '@ecr-access/plugin-ecr-access-common';
import { ErrorState } from '../EntityEcrAccessCard/CardStates';
import { AuditFilters } from './AuditFilters';
import { AuditSummary } from './AuditSummary';
import { AuditTable } from './AuditTable';
import { RecentAuditRuns } from './RecentAuditRuns';
import { CsvExportButton } from './CsvExportButton';

/**
 * The audit of the whole catalog: counts, the filterable list, the CSV export and the last runs.
 * Draws no page or header of its own, so that both frontend systems can frame it.
 *
 * @public
 */
export function EcrAccessAuditContent() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [counts, setCounts] = useState<AuditCounts>();
  const [completed, setCompleted] = useState<boolean>();
  const [error, setError] = useState<Error>();

  const onResponse = useCallback((response: AuditResponse) => {
    setCounts(response.summary);
    setCompleted(response.auditCompleted);
    setError(undefined);
  }, []);

  return (
    <Flex direction="column" gap="6">
      <Text as="p" variant="body-medium">
        How every audited entity's EKS workloads authenticate their ECR image
        pulls. Static secrets expire 12 hours after they were written; IRSA for
        pulls, the node role and rotating secrets keep working.
      </Text>
      <Flex justify="between" align="end" gap="3" style={{ flexWrap: 'wrap' }}>
        <AuditFilters filter={filter} onChange={setFilter} />
        <CsvExportButton filter={filter} onError={setError} />
      </Flex>
      {error && (
        <ErrorState title="The audit could not be loaded" error={error} />
      )}
      {completed === false && (
        <Alert
          status="info"
          icon
          title="No audit has completed yet"
          description="No cluster has been read yet: entities listed here are not yet checked, and an empty list does not mean that nothing is wrong."
        />
      )}
      {counts && <AuditSummary counts={counts} />}
      <section aria-label="Entities">
        <AuditTable
          filter={filter}
          onResponse={onResponse}
          onError={setError}
        />
      </section>
      <RecentAuditRuns />
    </Flex>
  );
}
