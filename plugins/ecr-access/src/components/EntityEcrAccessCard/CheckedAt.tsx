import { Badge, Flex, Text } from '@backstage/ui';
import type { ClusterAuditState } from '@ecr-access/plugin-ecr-access-common';
import { TimeAgo } from '../common/clock';

/**
 * "Checked 5 minutes ago", and for each cluster that could not be read a stale line: "Stale:
 * edge-euw1 unreachable since 2 hours ago; last good read 3 hours ago" (or "never read").
 * Every time is by the card's one clock, with the absolute time in its tooltip.
 */
export function CheckedAt(props: {
  checkedAt: string;
  stale: boolean;
  clusters: ClusterAuditState[];
}) {
  const unreachable = props.clusters.filter(c => !c.reachable);
  return (
    <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
      <Text as="span" variant="body-small" color="secondary">
        Checked <TimeAgo iso={props.checkedAt} />
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
              return (
                <li key={c.cluster}>
                  <Text as="span" variant="body-small">
                    Stale: {c.cluster} unreachable
                    {since && (
                      <>
                        {' since '}
                        <TimeAgo iso={since} fallback={since} />
                      </>
                    )}
                    {c.lastSuccessAt ? (
                      <>
                        {'; last good read '}
                        <TimeAgo iso={c.lastSuccessAt} />
                      </>
                    ) : (
                      '; never read'
                    )}
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
