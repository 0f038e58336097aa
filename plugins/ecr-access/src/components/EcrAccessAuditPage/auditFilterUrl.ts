import {
  HEALTHS,
  PULL_AUTHS,
  isFindingCode,
  type AuditFilter,
  type Health,
  type PullAuth,
} from '@ecr-access/plugin-ecr-access-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The free-text filters, kept as typed (trimmed). */
const TEXT_KEYS = ['q', 'owner', 'cluster'] as const;

/**
 * The audit filters from the page's URL. A value the API would refuse (an unknown mechanism,
 * health or finding code, a stale that is not `true`/`false`) is dropped rather than sent,
 * so that a hand-edited or old link still opens the page.
 */
export function filterFromSearch(search: URLSearchParams): AuditFilter {
  const filter: AuditFilter = {};
  for (const key of TEXT_KEYS) {
    const value = search.get(key)?.trim();
    if (value) filter[key] = value;
  }
  const mechanism = search.get('mechanism');
  if (PULL_AUTHS.includes(mechanism as PullAuth)) {
    filter.mechanism = mechanism as PullAuth;
  }
  const health = search.get('health');
  if (HEALTHS.includes(health as Health)) filter.health = health as Health;
  const finding = search.get('finding');
  if (isFindingCode(finding)) filter.finding = finding;
  const stale = search.get('stale');
  if (stale === 'true' || stale === 'false') filter.stale = stale === 'true';
  return filter;
}

/** The URL query of a filter, with the keys the API uses: a link to the same view. */
export function searchFromFilter(filter: AuditFilter): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return search;
}

/** Whether any filter is set. */
export function isFiltered(filter: AuditFilter): boolean {
  return searchFromFilter(filter).toString() !== '';
}

/**
 * The audit filters held in the URL: a filtered view can be shared as a link, and the back
 * button returns to the previous filters (each change is a history entry).
 */
export function useUrlFilter(): [AuditFilter, (filter: AuditFilter) => void] {
  const [search, setSearch] = useSearchParams();
  const key = search.toString();
  // One filter object per distinct query, so that effects keyed on it run on real changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const filter = useMemo(() => filterFromSearch(search), [key]);
  const setFilter = useCallback(
    (next: AuditFilter) => {
      const nextSearch = searchFromFilter(next);
      if (nextSearch.toString() !== key) setSearch(nextSearch);
    },
    [key, setSearch],
  );
  return [filter, setFilter];
}
