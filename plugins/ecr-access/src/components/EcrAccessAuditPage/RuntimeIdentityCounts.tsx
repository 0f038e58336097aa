import { Text } from '@backstage/ui';
import { identityCounts } from './clusterSetupWords';
import type { ClusterPullSetupsState } from './useClusterPullSetups';

/**
 * Workloads per runtime identity over the clusters' latest reads, so that a move from IRSA to
 * EKS Pod Identity can be followed ("IRSA 40, EKS Pod Identity 12, Node role 300"). Says what
 * the counts leave out: clusters never read, and those whose counts are their last known.
 * Nothing without the permission or before the answer (the Clusters section says why).
 */
export function RuntimeIdentityCounts(props: {
  clusters: ClusterPullSetupsState;
}) {
  const value = props.clusters.value;
  if (!value) return null;
  const counts = identityCounts(value.runtimeIdentities);
  const neverRead = value.items.filter(i => !i.pullSetup).map(i => i.cluster);
  const lastKnown = value.items
    .filter(i => i.pullSetup && i.state && !i.state.reachable)
    .map(i => i.cluster);
  return (
    <section aria-labelledby="ecr-access-runtime-identities-heading">
      <Text
        as="h3"
        variant="title-x-small"
        weight="bold"
        id="ecr-access-runtime-identities-heading"
      >
        Workloads by runtime identity
      </Text>
      {counts.length === 0 ? (
        <Text as="p" variant="body-small">
          No workload read yet.
        </Text>
      ) : (
        <ul
          aria-label="Workloads by runtime identity"
          style={{
            listStyle: 'none',
            margin: '8px 0',
            padding: 0,
            display: 'flex',
            flexWrap: 'wrap',
            gap: 16,
          }}
        >
          {counts.map(c => (
            <li key={c.identity}>
              <Text as="span" variant="body-small">
                {c.label}: <strong>{c.count}</strong>
              </Text>
            </li>
          ))}
        </ul>
      )}
      <Text as="p" variant="body-small" color="secondary">
        What the pods' own AWS calls use, counted in workloads (not entities)
        over each cluster's latest read.
        {lastKnown.length > 0 &&
          ` ${lastKnown.join(
            ', ',
          )}: last known counts (the latest audit could not read it).`}
        {neverRead.length > 0 &&
          ` Not counted, never read: ${neverRead.join(', ')}.`}
      </Text>
    </section>
  );
}
