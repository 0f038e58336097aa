import { Badge, Flex, Text } from '@backstage/ui';
import type { ClusterAuditState } from '@ecr-access/plugin-ecr-access-common';
import { timeAgo, useNow } from '../common/time';

/** "Checked 5 minutes ago", and a stale badge naming the clusters the last audit missed. */
export function CheckedAt(props: {
  checkedAt: string;
  stale: boolean;
  clusters: ClusterAuditState[];
}) {
  const now = useNow(30_000);
  const unreachable = props.clusters.filter(c => !c.reachable);
  return (
    <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
      <Text as="span" variant="body-small" color="secondary">
        Checked{' '}
        <time dateTime={props.checkedAt} title={props.checkedAt}>
          {timeAgo(props.checkedAt, now) ?? 'at an unknown time'}
        </time>
      </Text>
      {props.stale && (
        <>
          <Badge aria-label="Stale status">Stale</Badge>
          <Text as="span" variant="body-small">
            {unreachable.length > 0
              ? `The last audit could not reach ${unreachable
                  .map(c => c.cluster)
                  .join(', ')}; what you see is the last known status.`
              : 'The last audit could not reach every cluster; what you see is the last known status.'}
          </Text>
        </>
      )}
    </Flex>
  );
}
