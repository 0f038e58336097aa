import { HttpAuthService } from '@backstage/backend-plugin-api';
import { AuditFacets } from '@ecr-access/plugin-ecr-access-common';
import { Router } from 'express';
import { EcrAccessStore } from '../database';
import { CatalogVisibility } from './CatalogVisibility';
import { OwnerTitles } from './ownerTitles';
import { parseNoQuery } from './queryParams';

export interface AuditFacetsOptions {
  store: EcrAccessStore;
  httpAuth: HttpAuthService;
  visibility: CatalogVisibility;
  ownerTitles: OwnerTitles;
}

/** The owners, with their display names, of the entities `entityRefs` lets the caller read. */
export async function visibleOwners(
  { store, ownerTitles }: Pick<AuditFacetsOptions, 'store' | 'ownerTitles'>,
  entityRefs: string[] | undefined,
): Promise<AuditFacets['owners']> {
  const { owners } = await store.auditFacets({ entityRefs });
  const titles = await ownerTitles.titles(owners);
  return owners.map(ref => {
    const title = titles.get(ref);
    return title === undefined ? { ref } : { ref, title };
  });
}

/**
 * `GET /audit/facets`: what the audit page's pickers offer, over the entities the caller may
 * read, under the same permission as `GET /audit` (the catalog's read).
 */
export function addAuditFacetsRoute(
  router: Router,
  options: AuditFacetsOptions,
) {
  const { store, httpAuth, visibility } = options;
  router.get('/audit/facets', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    parseNoQuery(req.query);
    const entityRefs = await visibility.visibleEntityRefs(credentials);
    const [facets, owners] = await Promise.all([
      store.auditFacets({ entityRefs }),
      visibleOwners(options, entityRefs),
    ]);
    res.json({
      owners,
      clusters: facets.clusters,
      mechanisms: facets.mechanisms,
      findings: facets.findings,
    } satisfies AuditFacets);
  });
}
