import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

type QueryRequest = Parameters<
  ReturnType<typeof catalogServiceMock>['queryEntities']
>[0];

/**
 * The test kit's in-memory catalog, with `queryEntities` paged the way the catalog backend
 * pages it: the filter evaluated once per query and each cursor a position in its result.
 * The in-memory client evaluates the filter over the whole catalog again for every page, so
 * reading 50,000 entities 500 at a time cost it 100 full scans (200 s of CPU at 50,000
 * entities, charged to whichever audit read first); the catalog backend answers a page from
 * its search index. `getEntityByRef` answers from a map built once, as the catalog backend
 * answers it from an indexed column: the in-memory client built a map of every entity on each
 * call (a quarter of the status route's CPU in the API benchmark). Everything else is the
 * in-memory client's.
 */
export function benchCatalogFactory(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const inMemoryQuery = catalog.queryEntities.bind(catalog);
  const results = new Map<string, Entity[]>();
  const refKey = (ref: string | CompoundEntityRef) =>
    stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
  const byRef = new Map(entities.map(e => [refKey(stringifyEntityRef(e)), e]));
  catalog.getEntityByRef = async (ref: string | CompoundEntityRef) =>
    byRef.get(refKey(ref));
  catalog.queryEntities = async (request?: QueryRequest, options?: any) => {
    const { cursor, limit = 500 } = (request ?? {}) as {
      cursor?: string;
      limit?: number;
    };
    let key = cursor?.split(':')[0];
    let offset = Number(cursor?.split(':')[1] ?? 0);
    if (!key) {
      // One evaluation of the filter, as one query of the search index.
      const { cursor: _c, limit: _l, ...query } = (request ?? {}) as any;
      const all = await inMemoryQuery(
        { ...query, limit: entities.length + 1 },
        options,
      );
      key = String(results.size);
      offset = 0;
      results.set(key, all.items);
    }
    const items = results.get(key)!;
    const page = items.slice(offset, offset + limit);
    const next = offset + limit < items.length;
    return {
      items: page,
      totalItems: items.length,
      pageInfo: next ? { nextCursor: `${key}:${offset + limit}` } : {},
    };
  };
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}
