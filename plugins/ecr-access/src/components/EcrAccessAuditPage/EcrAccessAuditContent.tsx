import { Alert, Button, Flex, Text } from '@backstage/ui';
import { useCallback, useMemo, useState } from 'react';
import type {
  AuditCounts,
  AuditFacets,
  AuditItem,
  AuditResponse,
} from '@ecr-access/plugin-ecr-access-common';
import { ErrorState } from '../EntityEcrAccessCard/CardStates';
import { ClockProvider } from '../common/clock';
import { usePageTitle } from '../common/usePageTitle';
import { AuditFilters } from './AuditFilters';
import { isFiltered, useUrlFilter } from './auditFilterUrl';
import { AuditSummary } from './AuditSummary';
import { AuditTable } from './AuditTable';
import { RecentAuditRuns } from './RecentAuditRuns';
import { ClusterPullSetups } from './ClusterPullSetups';
import { RuntimeIdentityCounts } from './RuntimeIdentityCounts';
import { useClusterPullSetups } from './useClusterPullSetups';
import { CsvExportButton } from './CsvExportButton';
import { useAuditFacets } from './useAuditFacets';

/** Owner refs (lower case) to their display names, for the owners that have one. */
function useOwnerTitles(
  facets: AuditFacets | undefined,
): ReadonlyMap<string, string> {
  return useMemo(
    () =>
      new Map(
        (facets?.owners ?? []).flatMap(o =>
          o.title ? [[o.ref.toLocaleLowerCase('en-US'), o.title] as const] : [],
        ),
      ),
    [facets],
  );
}

function Intro() {
  return (
    <Text as="p" variant="body-medium">
      How every audited entity's EKS workloads authenticate their ECR image
      pulls. Static secrets expire 12 hours after they were written; IRSA for
      pulls, the node role and rotating secrets keep working.
    </Text>
  );
}

/** Before any cluster was read, the list is "not yet", never "nothing is wrong". */
function FirstAuditRunning(props: { completed: boolean | undefined }) {
  if (props.completed !== false) return null;
  return (
    <Alert
      status="info"
      icon
      title="First audit running"
      description="No cluster has been read yet: entities listed here are not yet checked, and an empty list does not mean that nothing is wrong."
    />
  );
}

/** What an empty list means: nothing matches the filters (offer to clear them), or no entity. */
function EmptyState(props: { filtered: boolean; onClear: () => void }) {
  if (!props.filtered) {
    return (
      <Text as="p">
        No audited entity yet. Entities with a backstage.io/kubernetes-id or
        backstage.io/kubernetes-label-selector annotation appear after the next
        audit run.
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="2" align="start">
      <Text as="p">No entity matches these filters.</Text>
      <Button variant="secondary" onPress={props.onClear}>
        Clear filters
      </Button>
    </Flex>
  );
}

/**
 * The audit of the whole catalog: counts, the filterable list, the CSV export, the clusters'
 * pull set-ups and the last runs.
 * The filters live in the URL. Draws no page or header of its own, so that both frontend
 * systems can frame it.
 *
 * @public
 */
export function EcrAccessAuditContent() {
  usePageTitle('ECR access audit');
  const [filter, setFilter] = useUrlFilter();
  const [counts, setCounts] = useState<AuditCounts>();
  const [completed, setCompleted] = useState<boolean>();
  const [error, setError] = useState<Error>();
  const [seen, setSeen] = useState<AuditItem[]>([]);
  const facets = useAuditFacets(seen);
  const ownerTitles = useOwnerTitles(facets);
  const clusters = useClusterPullSetups();

  const onResponse = useCallback((response: AuditResponse) => {
    setCounts(response.summary);
    setCompleted(response.auditCompleted);
    // Bounded: only a backend without the facets route needs them.
    setSeen(previous => [...previous, ...response.items].slice(-500));
    setError(undefined);
  }, []);

  return (
    <ClockProvider intervalMs={30_000}>
      <Flex direction="column" gap="6">
        <Intro />
        <Flex
          justify="between"
          align="end"
          gap="3"
          style={{ flexWrap: 'wrap' }}
        >
          <AuditFilters filter={filter} facets={facets} onChange={setFilter} />
          <CsvExportButton filter={filter} onError={setError} />
        </Flex>
        {error && (
          <ErrorState title="The audit could not be loaded" error={error} />
        )}
        <FirstAuditRunning completed={completed} />
        {counts && <AuditSummary counts={counts} />}
        <RuntimeIdentityCounts clusters={clusters} />
        <section aria-label="Entities">
          <AuditTable
            filter={filter}
            ownerTitles={ownerTitles}
            emptyState={
              <EmptyState
                filtered={isFiltered(filter)}
                onClear={() => setFilter({})}
              />
            }
            onResponse={onResponse}
            onError={setError}
          />
        </section>
        <ClusterPullSetups clusters={clusters} />
        <RecentAuditRuns />
      </Flex>
    </ClockProvider>
  );
}
