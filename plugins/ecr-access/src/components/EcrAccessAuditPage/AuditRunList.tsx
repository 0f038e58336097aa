import { Cell, CellText, Table, type ColumnConfig } from '@backstage/ui';
import type { AuditRun } from '@ecr-access/plugin-ecr-access-common';
import { StatusLabel, type StatusTone } from '../common/StatusLabel';
import { timeAgo } from '../common/time';

const RUN_TONES: Record<AuditRun['status'], StatusTone> = {
  succeeded: 'ok',
  partial: 'warning',
  failed: 'error',
};

function duration(run: AuditRun): string | undefined {
  if (!run.finishedAt) return 'running';
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return Number.isNaN(ms) ? undefined : `${(ms / 1000).toFixed(1)} s`;
}

function columns(now: Date): ColumnConfig<AuditRun>[] {
  return [
    {
      id: 'cluster',
      label: 'Cluster',
      isRowHeader: true,
      cell: r => <CellText title={r.cluster} />,
    },
    {
      id: 'status',
      label: 'Result',
      cell: r => (
        <Cell>
          <StatusLabel tone={RUN_TONES[r.status] ?? 'unknown'}>
            {r.status}
          </StatusLabel>
        </Cell>
      ),
    },
    {
      id: 'started',
      label: 'Started',
      cell: r => (
        <CellText
          title={timeAgo(r.startedAt, now) ?? r.startedAt}
          description={duration(r)}
        />
      ),
    },
    {
      id: 'counts',
      label: 'Audited',
      cell: r => (
        <CellText
          title={`${r.workloadCount} workloads`}
          description={`${r.kubernetesRequests} Kubernetes and ${r.awsRequests} AWS requests`}
        />
      ),
    },
    {
      id: 'errors',
      label: 'Errors',
      defaultWidth: '3fr',
      cell: r => (
        <Cell>
          {r.errors.length === 0
            ? 'none'
            : r.errors.map((e, i) => (
                <div key={i}>
                  {e.cluster ? <strong>{e.cluster}: </strong> : null}
                  {e.code ? <code>{e.code}</code> : null}
                  {e.code ? ' ' : null}
                  {e.message}
                </div>
              ))}
        </Cell>
      ),
    },
  ];
}

/** The last audit runs, one per cluster and schedule tick, with each cluster's errors. */
export function AuditRunList(props: { runs: AuditRun[] }) {
  return (
    <Table
      columnConfig={columns(new Date())}
      data={props.runs}
      pagination={{ type: 'none' }}
      emptyState="No audit has run yet. The first run starts shortly after the backend starts."
    />
  );
}
