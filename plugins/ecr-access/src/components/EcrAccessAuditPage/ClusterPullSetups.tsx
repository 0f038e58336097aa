import { Box, Skeleton, Text, useBreakpoint } from '@backstage/ui';
import { ecrAccessAuditRunsReadPermission } from '@ecr-access/plugin-ecr-access-common';
import { ErrorState } from '../EntityEcrAccessCard/CardStates';
import { ClusterPullSetupCard } from './ClusterPullSetupCard';
import type { ClusterPullSetupsState } from './useClusterPullSetups';

const cardStyle = {
  border: '1px solid var(--bui-border, currentColor)',
  borderRadius: 'var(--bui-radius-3, 8px)',
  padding: 'var(--bui-space-3, 12px)',
  listStyle: 'none',
  minWidth: 0,
  overflowWrap: 'anywhere' as const,
};

function Body(props: { clusters: ClusterPullSetupsState }) {
  const { loading, allowed, value, error, retry } = props.clusters;
  // Under 768 px the cards stack, one per row; wider, as many columns as fit.
  const narrow = useBreakpoint().down('sm');
  if (loading) {
    return (
      <div role="status" aria-label="Loading the clusters">
        <Skeleton width="100%" height={120} />
      </div>
    );
  }
  if (!allowed) {
    return (
      <Text as="p" variant="body-small">
        Reading the clusters' pull set-ups needs the permission{' '}
        <code>{ecrAccessAuditRunsReadPermission.name}</code>.
      </Text>
    );
  }
  if (error || !value) {
    return (
      <ErrorState
        title="The clusters could not be loaded"
        error={error ?? new Error('No answer')}
        onRetry={retry}
      />
    );
  }
  if (value.items.length === 0) {
    return <Text as="p">No cluster is configured (ecrAccess.clusters).</Text>;
  }
  return (
    <ul
      aria-label="Clusters"
      style={{
        margin: 0,
        padding: 0,
        display: 'grid',
        gap: 12,
        gridTemplateColumns: narrow
          ? 'minmax(0, 1fr)'
          : 'repeat(auto-fill, minmax(360px, 1fr))',
      }}
    >
      {value.items.map(item => (
        <li key={item.cluster} style={cardStyle}>
          <ClusterPullSetupCard item={item} />
        </li>
      ))}
    </ul>
  );
}

/**
 * Each configured cluster's pull set-up at a glance (issue #20): how its kubelets pull, its
 * node roles and how far beyond pulling they go, the service-account-token credential
 * provider's preflight, whether the latest audit read it, and its workloads per pull
 * mechanism and runtime identity. A cluster that could not be read is unknown, never healthy.
 */
export function ClusterPullSetups(props: { clusters: ClusterPullSetupsState }) {
  return (
    <Box as="section" aria-labelledby="ecr-access-clusters-heading">
      <Text
        as="h3"
        variant="title-x-small"
        weight="bold"
        id="ecr-access-clusters-heading"
      >
        Clusters
      </Text>
      <Body clusters={props.clusters} />
    </Box>
  );
}
