import { Flex, SearchField, Select, TextField } from '@backstage/ui';
import {
  FINDING_CODES,
  HEALTHS,
  PULL_AUTHS,
  type FindingCode,
  type Health,
  type PullAuth,
} from '@ecr-access/plugin-ecr-access-common';
import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import type { AuditFilter } from '@ecr-access/plugin-ecr-access-common';
import { HEALTH_LABELS, pullAuthLabel } from '../common/labels';

const ANY = 'any';

function options<T extends string>(
  values: readonly T[],
  label: (v: T) => string,
) {
  return [
    { id: ANY, label: 'Any' },
    ...values.map(v => ({ id: v as string, label: label(v) })),
  ];
}

const MECHANISM_OPTIONS = options(PULL_AUTHS, pullAuthLabel);
const HEALTH_OPTIONS = options(HEALTHS, h => HEALTH_LABELS[h]);
const FINDING_OPTIONS = options(FINDING_CODES, c => c);
const STALE_OPTIONS = [
  { id: ANY, label: 'Any' },
  { id: 'true', label: 'Stale only' },
  { id: 'false', label: 'Fresh only' },
];

/**
 * Text typed into a filter reaches the API after a pause, not on every key. Re-armed by the
 * value only: the parent's callback is a new function on each render.
 */
function useDebounced(value: string, onSettle: (v: string) => void) {
  useDebounce(() => onSettle(value), 400, [value]);
}

/** Every filter the audit API offers. */
export function AuditFilters(props: {
  filter: AuditFilter;
  onChange: (filter: AuditFilter) => void;
}) {
  const { filter, onChange } = props;
  const [q, setQ] = useState(filter.q ?? '');
  const [owner, setOwner] = useState(filter.owner ?? '');
  const [cluster, setCluster] = useState(filter.cluster ?? '');
  const set = (patch: Partial<AuditFilter>) =>
    onChange({ ...filter, ...patch });
  const text = (v: string) => v.trim() || undefined;
  useDebounced(q, v => text(v) !== filter.q && set({ q: text(v) }));
  useDebounced(owner, v => text(v) !== filter.owner && set({ owner: text(v) }));
  useDebounced(
    cluster,
    v => text(v) !== filter.cluster && set({ cluster: text(v) }),
  );

  return (
    <Flex
      gap="3"
      align="end"
      style={{ flexWrap: 'wrap' }}
      role="search"
      aria-label="Audit filters"
    >
      <SearchField
        label="Search"
        placeholder="Entity, title or sentence"
        value={q}
        onChange={setQ}
      />
      <Select
        label="Mechanism"
        options={MECHANISM_OPTIONS}
        value={filter.mechanism ?? ANY}
        onChange={key =>
          set({ mechanism: key === ANY ? undefined : (key as PullAuth) })
        }
      />
      <Select
        label="Health"
        options={HEALTH_OPTIONS}
        value={filter.health ?? ANY}
        onChange={key =>
          set({ health: key === ANY ? undefined : (key as Health) })
        }
      />
      <Select
        label="Finding"
        options={FINDING_OPTIONS}
        value={filter.finding ?? ANY}
        onChange={key =>
          set({ finding: key === ANY ? undefined : (key as FindingCode) })
        }
      />
      <Select
        label="Stale"
        options={STALE_OPTIONS}
        value={filter.stale === undefined ? ANY : String(filter.stale)}
        onChange={key =>
          set({ stale: key === ANY ? undefined : key === 'true' })
        }
      />
      <TextField
        label="Owner"
        placeholder="group:default/team-a"
        value={owner}
        onChange={setOwner}
      />
      <TextField
        label="Cluster"
        placeholder="prod-use1"
        value={cluster}
        onChange={setCluster}
      />
    </Flex>
  );
}
