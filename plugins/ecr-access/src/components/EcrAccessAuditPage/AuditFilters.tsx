import { Flex, SearchField, Select, TextField } from '@backstage/ui';
import {
  FINDING_CODES,
  HEALTHS,
  PULL_AUTHS,
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
/** The filters that pick one value of a -common list, in the order shown. */
const ENUM_FILTERS = [
  { key: 'mechanism', label: 'Mechanism', options: MECHANISM_OPTIONS },
  { key: 'health', label: 'Health', options: HEALTH_OPTIONS },
  { key: 'finding', label: 'Finding', options: FINDING_OPTIONS },
] as const;

const STALE_OPTIONS = [
  { id: ANY, label: 'Any' },
  { id: 'true', label: 'Stale only' },
  { id: 'false', label: 'Fresh only' },
];

type TextFilterKey = 'q' | 'owner' | 'cluster';

/**
 * The typed text of one filter. It reaches the API after a pause, not on every key; the
 * debounce is re-armed by the value only (the parent's callback is new on each render).
 */
function useTextFilter(
  filter: AuditFilter,
  set: (patch: Partial<AuditFilter>) => void,
  key: TextFilterKey,
) {
  const [value, setValue] = useState(filter[key] ?? '');
  useDebounce(
    () => {
      const text = value.trim() || undefined;
      if (text !== filter[key]) set({ [key]: text });
    },
    400,
    [value],
  );
  return [value, setValue] as const;
}

/** A select of one filter; "Any" stands for none. */
function AnySelect(props: {
  label: string;
  options: Array<{ id: string; label: string }>;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <Select
      label={props.label}
      options={props.options}
      value={props.value ?? ANY}
      onChange={key => props.onChange(key === ANY ? undefined : String(key))}
    />
  );
}

/** Every filter the audit API offers. */
export function AuditFilters(props: {
  filter: AuditFilter;
  onChange: (filter: AuditFilter) => void;
}) {
  const { filter, onChange } = props;
  const set = (patch: Partial<AuditFilter>) =>
    onChange({ ...filter, ...patch });
  const [q, setQ] = useTextFilter(filter, set, 'q');
  const [owner, setOwner] = useTextFilter(filter, set, 'owner');
  const [cluster, setCluster] = useTextFilter(filter, set, 'cluster');

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
      {ENUM_FILTERS.map(f => (
        <AnySelect
          key={f.key}
          label={f.label}
          options={f.options}
          value={filter[f.key]}
          // The options are the values of -common's lists, so a picked one is valid.
          onChange={v => set({ [f.key]: v } as Partial<AuditFilter>)}
        />
      ))}
      <AnySelect
        label="Stale"
        options={STALE_OPTIONS}
        value={filter.stale === undefined ? undefined : String(filter.stale)}
        onChange={v =>
          set({ stale: v === undefined ? undefined : v === 'true' })
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
