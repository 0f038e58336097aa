import { Badge, Flex, Text } from '@backstage/ui';
import type { ClusterAuditState } from '@ecr-access/plugin-ecr-access-common';
import { timeAgo, useNow } from '../common/time';

/**
 * "Checked 5 minutes ago", and for each cluster that could not be read a stale line: "Stale:
 * edge-euw1 unreachable since 2 hours ago; last good read 3 hours ago" (or "never read").
 */
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
          {unreachable.length === 0 && (
            <Text as="span" variant="body-small">
              The last audit could not reach every cluster; what you see is the
              last known status.
            </Text>
          )}
          <ul aria-label="Unreachable clusters" style={{ margin: 0 }}>
            {unreachable.map(c => {
              const since = c.unreachableSince ?? c.checkedAt;
              const lastRead = timeAgo(c.lastSuccessAt, now);
              return (
                <li key={c.cluster}>
                  <Text as="span" variant="body-small">
                    Stale: {c.cluster} unreachable
                    {since && (
                      <>
                        {' since '}
                        <time dateTime={since} title={since}>
                          {timeAgo(since, now) ?? since}
                        </time>
                      </>
                    )}
                    {lastRead ? `; last good read ${lastRead}` : '; never read'}
                  </Text>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Flex>
  );
}
