import { useApi } from '@backstage/core-plugin-api';
import {
  PULL_AUTHS,
  type AuditFacets,
  type AuditItem,
} from '@ecr-access/plugin-ecr-access-common';
import useAsync from 'react-use/esm/useAsync';
import { ecrAccessApiRef } from '../../api/EcrAccessApi';

/**
 * The pickers' values from the rows at hand, for a backend without `GET /audit/facets`
 * (older than this frontend): only what the loaded pages show, owners by ref.
 */
export function facetsFromItems(items: AuditItem[]): AuditFacets {
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  return {
    owners: sorted(items.flatMap(i => (i.owner ? [i.owner] : []))).map(ref => ({
      ref,
    })),
    clusters: sorted(items.flatMap(i => i.clusters)),
    mechanisms: PULL_AUTHS.filter(m =>
      items.some(i => i.mechanisms.includes(m)),
    ),
    findings: sorted(
      items.flatMap(i => i.findingCodes),
    ) as AuditFacets['findings'],
  };
}

/**
 * What the audit page's pickers offer, over every entity the user may read: from the
 * backend's facets, else (a backend without the route) from the rows loaded so far.
 */
export function useAuditFacets(loaded: AuditItem[]): AuditFacets | undefined {
  const api = useApi(ecrAccessApiRef);
  const facets = useAsync(() => api.getAuditFacets(), [api]);
  if (facets.value) return facets.value;
  if (facets.error) return facetsFromItems(loaded);
  return undefined;
}
