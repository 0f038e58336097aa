import { Button, Flex, SearchField, Select } from '@backstage/ui';
import {
  HEALTHS,
  type AuditFacets,
  type AuditFilter,
} from '@ecr-access/plugin-ecr-access-common';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { findingTitle } from '../common/findings';
import { HEALTH_LABELS, pullAuthLabel } from '../common/labels';
import { isFiltered } from './auditFilterUrl';

const ANY = 'any';

type Choice = { id: string; label: string };

const byLabel = (a: Choice, b: Choice) => a.label.localeCompare(b.label);

/** `group:default/team-a` → `team-a`: an owner without a display name. */
function shortRef(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** Every picker's choices from the facets: people's words, the API's values as ids. */
function choicesOf(facets: AuditFacets | undefined) {
  return {
    owner: (facets?.owners ?? [])
      .map(o => ({ id: o.ref, label: o.title || shortRef(o.ref) }))
      .sort(byLabel),
    cluster: (facets?.clusters ?? []).map(c => ({ id: c, label: c })),
    mechanism: (facets?.mechanisms ?? []).map(m => ({
      id: m as string,
      label: pullAuthLabel(m),
    })),
    finding: (facets?.findings ?? [])
      .map(f => ({ id: f as string, label: findingTitle(f) }))
      .sort(byLabel),
    health: HEALTHS.map(h => ({ id: h as string, label: HEALTH_LABELS[h] })),
    stale: [
      { id: 'true', label: 'Stale only' },
      { id: 'false', label: 'Fresh only' },
    ],
  };
}

/**
 * The typed search text. It reaches the URL after a pause, not on every key; a change of the
 * URL (the back button, "Clear filters") resets it.
 */
function useSearchText(
  q: string | undefined,
  set: (q: string | undefined) => void,
) {
  const [value, setValue] = useState(q ?? '');
  useEffect(() => setValue(q ?? ''), [q]);
  useDebounce(
    () => {
      const text = value.trim() || undefined;
      if (text !== q) set(text);
    },
    400,
    [value],
  );
  return [value, setValue] as const;
}

/**
 * A picker of one filter; "Any" stands for none. A value in the URL that the facets do not
 * list (a shared link from before the data changed) stays selectable, so it can be seen and
 * cleared.
 */
function Picker(props: {
  label: string;
  choices: Choice[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  searchable?: boolean;
}) {
  const { value } = props;
  const known = !value || props.choices.some(c => c.id === value);
  const options = [
    { id: ANY, label: 'Any' },
    ...(known ? [] : [{ id: value, label: value }]),
    ...props.choices,
  ];
  return (
    // Its own width, whichever row it wraps to (a Select alone on a row stretched across it).
    <div style={{ flex: '0 0 auto' }}>
      <Select
        label={props.label}
        options={options}
        value={value ?? ANY}
        search={
          props.searchable ? { placeholder: 'Type to narrow' } : undefined
        }
        onChange={key => props.onChange(key === ANY ? undefined : String(key))}
      />
    </div>
  );
}

type PickerKey = 'owner' | 'cluster' | 'mechanism' | 'finding' | 'health';

const PICKERS: Array<{ key: PickerKey; label: string; searchable?: true }> = [
  { key: 'owner', label: 'Owner', searchable: true },
  { key: 'cluster', label: 'Cluster' },
  { key: 'mechanism', label: 'Mechanism' },
  { key: 'health', label: 'Health' },
  { key: 'finding', label: 'Finding', searchable: true },
];

/**
 * Every filter the audit API offers, as pickers filled from the data (owners by display
 * name, finding titles) and one text search; "Clear filters" when any is set.
 */
export function AuditFilters(props: {
  filter: AuditFilter;
  facets: AuditFacets | undefined;
  onChange: (filter: AuditFilter) => void;
}) {
  const { filter, onChange } = props;
  const set = (patch: Partial<AuditFilter>) =>
    onChange({ ...filter, ...patch });
  const [q, setQ] = useSearchText(filter.q, text => set({ q: text }));
  const choices = choicesOf(props.facets);

  return (
    <Flex
      gap="3"
      align="end"
      style={{ flexWrap: 'wrap' }}
      role="search"
      aria-label="Audit filters"
    >
      {/* Wide enough for its placeholder; a row of its own on a phone. */}
      <div style={{ flex: '1 1 16rem', maxWidth: '24rem' }}>
        <SearchField
          label="Search"
          placeholder="Entity, owner, finding…"
          value={q}
          onChange={setQ}
        />
      </div>
      {PICKERS.map(p => (
        <Picker
          key={p.key}
          label={p.label}
          choices={choices[p.key]}
          value={filter[p.key]}
          searchable={p.searchable}
          // The choices are the API's own values, so a picked one is valid.
          onChange={v => set({ [p.key]: v } as Partial<AuditFilter>)}
        />
      ))}
      <Picker
        label="Stale"
        choices={choices.stale}
        value={filter.stale === undefined ? undefined : String(filter.stale)}
        onChange={v =>
          set({ stale: v === undefined ? undefined : v === 'true' })
        }
      />
      {isFiltered(filter) && (
        <Button variant="tertiary" onPress={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </Flex>
  );
}
