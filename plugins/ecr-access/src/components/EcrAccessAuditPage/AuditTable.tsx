import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Cell,
  CellText,
  Table,
  useTable,
  type ColumnConfig,
  type SortDescriptor,
} from '@backstage/ui';
import { useApi } from '@backstage/core-plugin-api';
import { useMemo } from 'react';
import { ecrAccessApiRef } from '../../api/EcrAccessApi';
import type {
  AuditFilter,
  AuditItem,
  AuditOrderField,
  AuditResponse,
} from '@ecr-access/plugin-ecr-access-common';
import { HEALTH_LABELS, pullAuthLabel } from '../common/labels';
import { StatusLabel } from '../common/StatusLabel';
import { timeAgo } from '../common/time';
import { healthTone, pullAuthTone } from '../common/tones';

type AuditRow = AuditItem & { id: string };

const SORTABLE: Record<string, AuditOrderField> = {
  entity: 'entityRef',
  owner: 'owner',
  health: 'health',
  checked: 'checkedAt',
};

function orderOf(sort: SortDescriptor | null) {
  const orderBy = sort ? SORTABLE[String(sort.column)] : undefined;
  if (!orderBy || !sort) return {};
  return {
    orderBy,
    order:
      sort.direction === 'descending' ? ('desc' as const) : ('asc' as const),
  };
}

/** `component:default/payments-api` → `payments-api`; the full ref stays in the cell. */
function shortRef(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** The columns between the entity and the time of the check: plain renderings of a row. */
const ROW_COLUMNS: ColumnConfig<AuditRow>[] = [
  {
    id: 'mechanisms',
    label: 'Pulls with',
    minWidth: 160,
    cell: item => (
      <Cell>
        {(item.mechanisms.length ? item.mechanisms : ['unknown' as const]).map(
          m => (
            <div key={m}>
              <StatusLabel tone={pullAuthTone(m, item.health)}>
                {pullAuthLabel(m)}
              </StatusLabel>
            </div>
          ),
        )}
      </Cell>
    ),
  },
  {
    id: 'health',
    label: 'Health',
    minWidth: 120,
    isSortable: true,
    cell: item => (
      <Cell>
        <StatusLabel tone={healthTone(item.health)}>
          {HEALTH_LABELS[item.health] ?? item.health}
        </StatusLabel>
        {item.stale && <div>Stale</div>}
      </Cell>
    ),
  },
  {
    id: 'summary',
    label: 'Summary',
    defaultWidth: '2.5fr',
    cell: item => (
      <CellText
        title={item.summary}
        description={item.findingCodes.join(', ') || undefined}
      />
    ),
  },
  {
    id: 'owner',
    label: 'Owner',
    isSortable: true,
    cell: item => <CellText title={item.owner ? shortRef(item.owner) : '—'} />,
  },
  {
    id: 'clusters',
    label: 'Clusters',
    cell: item => <CellText title={item.clusters.join(', ') || '—'} />,
  },
];

function useColumns(): ColumnConfig<AuditRow>[] {
  const entityLink = useEntityRefLink();
  return useMemo(() => {
    const now = new Date();
    return [
      {
        id: 'entity',
        label: 'Entity',
        isRowHeader: true,
        isSortable: true,
        defaultWidth: '1.3fr',
        cell: item => (
          <CellText
            title={item.title || shortRef(item.entityRef)}
            href={entityLink(item.entityRef)}
          />
        ),
      },
      ...ROW_COLUMNS,
      {
        id: 'checked',
        label: 'Checked',
        isSortable: true,
        cell: item => <CellText title={timeAgo(item.checkedAt, now) ?? '—'} />,
      },
    ];
  }, [entityLink]);
}

/**
 * The audit list, one page at a time from the server, filtered by `filter`. Each page's
 * summary counts are handed to `onSummary` so that the charts show the same query.
 */
export function AuditTable(props: {
  filter: AuditFilter;
  onResponse: (response: AuditResponse) => void;
  onError: (error: Error) => void;
}) {
  const { filter, onResponse, onError } = props;
  const api = useApi(ecrAccessApiRef);
  const columns = useColumns();
  const { tableProps } = useTable<AuditRow, AuditFilter>({
    mode: 'offset',
    filter,
    paginationOptions: { pageSize: 20, pageSizeOptions: [20, 50, 100] },
    getData: async ({ offset, pageSize, sort, filter: current }) => {
      try {
        const response = await api.getAudit({
          ...current,
          ...orderOf(sort),
          offset,
          limit: pageSize,
        });
        onResponse(response);
        return {
          data: response.items.map(i => ({ ...i, id: i.entityRef })),
          totalCount: response.totalCount,
        };
      } catch (e) {
        onError(e as Error);
        throw e;
      }
    },
  });
  return (
    <Table
      {...tableProps}
      columnConfig={columns}
      emptyState="No entity matches these filters. Clear a filter, or wait for the next audit run."
    />
  );
}
