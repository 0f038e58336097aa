// The audit page's test set-up, shared by its wide and narrow test files (the narrow one is a
// file of its own, since BUI's breakpoint is read once per module).
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ecrAccessAuditRunsReadPermission } from '@ecr-access/plugin-ecr-access-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ecrAccessApiRef, type EcrAccessApi } from '../../../api';
import {
  AUDIT_FACETS,
  AUDIT_PAGE,
  AUDIT_RUNS,
} from '../../../__fixtures__/audit';
import { CLUSTER_PULL_SETUPS } from '../../../__fixtures__/clusterPullSetups';
import { EcrAccessAuditPage } from '../EcrAccessAuditPage';

// usePermission caches its answer per permission for the whole test file (SWR), and the
// export and runs permissions have no resource to tell the tests apart, so each render sets
// the answers. Mocked here, in the module that renders the page, so that the page is loaded
// after the mock in every test file that uses this helper.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));

/** The mocked `usePermission`, for tests that check which permission was asked. */
export const usePermissionMock = usePermission as jest.MockedFunction<
  typeof usePermission
>;

/** An API client answering with the audit fixtures. */
export function fakeApi(): jest.Mocked<EcrAccessApi> {
  return {
    getEntityStatus: jest.fn(),
    getEntityHistory: jest.fn(),
    refreshEntity: jest.fn(),
    getAudit: jest.fn(async () => AUDIT_PAGE),
    exportAuditCsv: jest.fn(async () => new Blob(['entityRef\n'])),
    getAuditRuns: jest.fn(async () => AUDIT_RUNS),
    getAuditFacets: jest.fn(async () => AUDIT_FACETS),
    getClusterPullSetups: jest.fn(async () => CLUSTER_PULL_SETUPS),
  };
}

/** Renders the audit page at `url`, with the export and runs permissions as given. */
export async function renderPage(
  api: EcrAccessApi,
  allowExport = true,
  allowRuns = true,
  url = '/',
) {
  usePermissionMock.mockImplementation(({ permission }) => ({
    loading: false,
    allowed:
      permission.name === ecrAccessAuditRunsReadPermission.name
        ? allowRuns
        : allowExport,
  }));
  await renderInTestApp(
    <TestApiProvider apis={[[ecrAccessApiRef, api]]}>
      <EcrAccessAuditPage />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: [url],
    },
  );
}

/**
 * A 375 px wide screen: no min-width breakpoint matches. Call before the first render of a
 * test file (`beforeAll(onNarrowScreen)`), since BUI reads the breakpoint once per module.
 */
export function onNarrowScreen() {
  window.matchMedia = jest.fn((query: string) => ({
    matches: !/min-width/.test(query),
    media: query,
    onchange: null,
    addEventListener: jest.fn(),
    removeEventListener: jest.fn(),
    addListener: jest.fn(),
    removeListener: jest.fn(),
    dispatchEvent: jest.fn(),
  })) as unknown as typeof window.matchMedia;
}
