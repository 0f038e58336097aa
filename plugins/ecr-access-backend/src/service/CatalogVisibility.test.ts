import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ALICE,
  BOB,
  CAROL,
  CATALOG_ENTITIES,
  ownerCondition,
  permissionAwareCatalog,
  userPermissions,
} from '../__fixtures__/access';
import { CatalogVisibility } from './CatalogVisibility';

describe('CatalogVisibility', () => {
  function setup() {
    let now = 0;
    const catalog = permissionAwareCatalog();
    const visibility = new CatalogVisibility({
      auth: mockServices.auth(),
      permissions: userPermissions(),
      catalog,
      ttlMs: 30_000,
      now: () => now,
    });
    return { catalog, visibility, advance: (ms: number) => (now += ms) };
  }

  it('restricts nothing under ALLOW and everything under DENY', async () => {
    const { visibility, catalog } = setup();
    expect(
      await visibility.visibleEntityRefs(mockCredentials.user(ALICE)),
    ).toBeUndefined();
    expect(
      await visibility.visibleEntityRefs(mockCredentials.user(CAROL)),
    ).toEqual([]);
    expect(catalog.streamEntities).not.toHaveBeenCalled();
  });

  it('asks the catalog, with the caller credentials, under CONDITIONAL', async () => {
    const { visibility, catalog } = setup();
    const bob = mockCredentials.user(BOB);
    expect(await visibility.visibleEntityRefs(bob)).toEqual([
      'component:default/web',
    ]);
    expect(catalog.streamEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      }),
      { credentials: bob },
    );
  });

  it('asks only for entities with the Kubernetes annotations', async () => {
    const catalog = catalogServiceMock.mock({
      streamEntities: (request, _options) =>
        catalogServiceMock({ entities: CATALOG_ENTITIES }).streamEntities(
          request,
        ),
    });
    const visibility = new CatalogVisibility({
      auth: mockServices.auth(),
      permissions: userPermissions(),
      catalog,
    });
    const refs = await visibility.visibleEntityRefs(mockCredentials.user(BOB));
    expect(refs).toHaveLength(4);
    expect(refs).not.toContain('component:default/docs');
  });

  it('reuses the list for the same caller within the time to live', async () => {
    const { visibility, catalog, advance } = setup();
    const bob = mockCredentials.user(BOB);
    await visibility.visibleEntityRefs(bob);
    advance(29_000);
    await visibility.visibleEntityRefs(bob);
    expect(catalog.streamEntities).toHaveBeenCalledTimes(1);
    advance(2_000);
    await visibility.visibleEntityRefs(bob);
    expect(catalog.streamEntities).toHaveBeenCalledTimes(2);
  });

  it('does not share a list between callers with the same conditions', async () => {
    const { catalog } = setup();
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async () => [ownerCondition()],
    });
    const shared = new CatalogVisibility({
      auth: mockServices.auth(),
      permissions,
      catalog,
    });
    expect(await shared.visibleEntityRefs(mockCredentials.user(BOB))).toEqual([
      'component:default/web',
    ]);
    expect(await shared.visibleEntityRefs(mockCredentials.user(CAROL))).toEqual(
      [],
    );
  });

  it('does not remember a failed catalog read', async () => {
    const { visibility, catalog } = setup();
    const bob = mockCredentials.user(BOB);
    const original = catalog.streamEntities.getMockImplementation()!;
    catalog.streamEntities.mockImplementationOnce(async function* failing() {
      yield [];
      throw new Error('catalog unavailable');
    });
    await expect(visibility.visibleEntityRefs(bob)).rejects.toThrow(
      'catalog unavailable',
    );
    catalog.streamEntities.mockImplementation(original);
    expect(await visibility.visibleEntityRefs(bob)).toEqual([
      'component:default/web',
    ]);
  });
});
