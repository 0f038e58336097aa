import { Cell, CellText, Table, Text, type ColumnConfig } from '@backstage/ui';
import type { AuditRun } from '@ecr-access/plugin-ecr-access-common';
import { StatusLabel, type StatusTone } from '../common/StatusLabel';
import { TimeAgo } from '../common/clock';
import { runErrorWords } from '../common/runErrors';

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

/** Each error in words, its code in the tooltip, and what was withheld and why. */
function RunErrors(props: { run: AuditRun }) {
  return (
    <>
      {props.run.errors.map((e, i) => {
        const words = runErrorWords(e);
        return (
          <div key={i} title={e.code} data-error-code={e.code}>
            {e.cluster ? <strong>{e.cluster}: </strong> : null}
            {words.headline}. <span>{words.detail}</span>
            {words.withheld && (
              <Text as="p" variant="body-small" color="secondary">
                {words.withheld}
              </Text>
            )}
          </div>
        );
      })}
    </>
  );
}

function columns(): ColumnConfig<AuditRun>[] {
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
        <Cell>
          <TimeAgo iso={r.startedAt} fallback={r.startedAt} />
          <Text as="p" variant="body-small" color="secondary">
            {duration(r)}
          </Text>
        </Cell>
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
        <Cell>{r.errors.length === 0 ? 'none' : <RunErrors run={r} />}</Cell>
      ),
    },
  ];
}

const COLUMNS = columns();

/** The last audit runs, one per cluster and schedule tick, with each cluster's errors. */
export function AuditRunList(props: { runs: AuditRun[] }) {
  return (
    <Table
      columnConfig={COLUMNS}
      data={props.runs}
      pagination={{ type: 'none' }}
      emptyState="No audit has run yet. The first run starts shortly after the backend starts."
    />
  );
}
