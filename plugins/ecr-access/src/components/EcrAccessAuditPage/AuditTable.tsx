import { useApi } from '@backstage/core-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Cell,
  Link,
  Table,
  TablePagination,
  Text,
  useBreakpoint,
  useTable,
  type ColumnConfig,
  type SortDescriptor,
} from '@backstage/ui';
import type {
  AuditFilter,
  AuditItem,
  AuditOrderField,
  AuditResponse,
} from '@ecr-access/plugin-ecr-access-common';
import { useMemo, type ReactNode } from 'react';
import { ecrAccessApiRef } from '../../api/EcrAccessApi';
import { AuditCards } from './AuditCards';
import {
  entityName,
  ownerName,
  RowChecked,
  RowHealth,
  RowMechanisms,
  RowSummary,
} from './auditRow';

export type AuditRow = AuditItem & { id: string };

const WRAP = { overflowWrap: 'anywhere' as const };

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

/** The columns between the entity and its owner: plain renderings of a row. */
const ROW_COLUMNS: ColumnConfig<AuditRow>[] = [
  {
    id: 'mechanisms',
    label: 'Pulls with',
    minWidth: 160,
    cell: item => (
      <Cell>
        <RowMechanisms item={item} />
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
        <RowHealth item={item} />
      </Cell>
    ),
  },
  {
    id: 'summary',
    label: 'Summary',
    defaultWidth: '2.5fr',
    cell: item => (
      <Cell>
        <RowSummary item={item} />
      </Cell>
    ),
  },
];

/** The columns after the owner. */
const TAIL_COLUMNS: ColumnConfig<AuditRow>[] = [
  {
    id: 'clusters',
    label: 'Clusters',
    minWidth: 110,
    cell: item => (
      <Cell>
        <Text style={WRAP}>{item.clusters.join(', ') || '—'}</Text>
      </Cell>
    ),
  },
  {
    id: 'checked',
    label: 'Checked',
    isSortable: true,
    // Room for the sort arrow beside the label and for "59 minutes ago".
    minWidth: 130,
    cell: item => (
      <Cell>
        <RowChecked item={item} />
      </Cell>
    ),
  },
];

function useColumns(
  ownerTitles: ReadonlyMap<string, string>,
): ColumnConfig<AuditRow>[] {
  const entityLink = useEntityRefLink();
  return useMemo(
    () => [
      {
        id: 'entity',
        label: 'Entity',
        isRowHeader: true,
        isSortable: true,
        defaultWidth: '1.3fr',
        // Cells that wrap: CellText cuts a long name or cluster list with an ellipsis.
        cell: item => (
          <Cell>
            <Link href={entityLink(item.entityRef)} style={WRAP}>
              {entityName(item)}
            </Link>
          </Cell>
        ),
      },
      ...ROW_COLUMNS,
      {
        id: 'owner',
        label: 'Owner',
        isSortable: true,
        minWidth: 140,
        cell: item => (
          <Cell>
            <Text style={WRAP}>{ownerName(item, ownerTitles)}</Text>
          </Cell>
        ),
      },
      ...TAIL_COLUMNS,
    ],
    [entityLink, ownerTitles],
  );
}

/**
 * The audit list, one page at a time from the server, filtered by `filter`: a table on a wide
 * screen, a list of cards on a narrow one (a row's seven columns do not fit 375 px). Each
 * page's answer is handed to `onResponse`, so that the charts show the same query.
 */
export function AuditTable(props: {
  filter: AuditFilter;
  ownerTitles: ReadonlyMap<string, string>;
  emptyState: ReactNode;
  onResponse: (response: AuditResponse) => void;
  onError: (error: Error) => void;
}) {
  const { filter, onResponse, onError } = props;
  const api = useApi(ecrAccessApiRef);
  const columns = useColumns(props.ownerTitles);
  const narrow = useBreakpoint().down('sm');
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
  if (!narrow) {
    return (
      <Table
        {...tableProps}
        columnConfig={columns}
        emptyState={props.emptyState}
      />
    );
  }
  const { pagination } = tableProps;
  return (
    <>
      <AuditCards
        rows={tableProps.data}
        ownerTitles={props.ownerTitles}
        emptyState={props.emptyState}
      />
      {pagination.type === 'page' && <TablePagination {...pagination} />}
    </>
  );
}
