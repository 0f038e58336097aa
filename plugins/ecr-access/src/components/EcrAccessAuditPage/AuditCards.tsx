import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Link, Skeleton, Text } from '@backstage/ui';
import type { AuditItem } from '@ecr-access/plugin-ecr-access-common';
import type { ReactNode } from 'react';
import { FieldList } from '../common/FieldList';
import {
  entityName,
  ownerName,
  RowChecked,
  RowHealth,
  RowMechanisms,
  RowSummary,
} from './auditRow';

const cardStyle = {
  border: '1px solid var(--bui-border, currentColor)',
  borderRadius: 'var(--bui-radius-3, 8px)',
  padding: 'var(--bui-space-3, 12px)',
  listStyle: 'none',
  minWidth: 0,
  overflowWrap: 'anywhere' as const,
};

/**
 * The audit rows as stacked cards, for narrow screens: each an article headed by the entity's
 * link, then its fields as labelled pairs, so that the keyboard reaches every link in reading
 * order and a screen reader reads each value with its label.
 */
export function AuditCards(props: {
  rows: AuditItem[] | undefined;
  ownerTitles: ReadonlyMap<string, string>;
  emptyState: ReactNode;
}) {
  const entityLink = useEntityRefLink();
  if (!props.rows) {
    return (
      <div role="status" aria-label="Loading the audit">
        <Skeleton width="100%" height={120} />
      </div>
    );
  }
  if (props.rows.length === 0) return <>{props.emptyState}</>;
  return (
    <ul
      aria-label="Audited entities"
      style={{ margin: 0, padding: 0, display: 'grid', gap: 12 }}
    >
      {props.rows.map(item => (
        <li key={item.entityRef} style={cardStyle}>
          <Box as="article" aria-label={entityName(item)}>
            <Text as="h3" variant="title-x-small" weight="bold">
              <Link href={entityLink(item.entityRef)}>{entityName(item)}</Link>
            </Text>
            <FieldList
              fields={[
                { label: 'Pulls with', value: <RowMechanisms item={item} /> },
                { label: 'Health', value: <RowHealth item={item} /> },
                { label: 'Summary', value: <RowSummary item={item} /> },
                { label: 'Owner', value: ownerName(item, props.ownerTitles) },
                {
                  label: 'Clusters',
                  value: item.clusters.join(', ') || '—',
                },
                { label: 'Checked', value: <RowChecked item={item} /> },
              ]}
            />
          </Box>
        </li>
      ))}
    </ul>
  );
}
