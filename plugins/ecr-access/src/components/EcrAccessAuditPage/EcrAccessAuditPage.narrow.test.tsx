// The audit page at 375 px: a file of its own, since BUI's breakpoint is read once per module.
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ecrAccessAuditRunsReadPermission } from '@ecr-access/plugin-ecr-access-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { ecrAccessApiRef, type EcrAccessApi } from '../../api';
import { AUDIT_FACETS, AUDIT_PAGE, AUDIT_RUNS } from '../../__fixtures__/audit';
import { EcrAccessAuditPage } from './EcrAccessAuditPage';

// usePermission caches its answer per permission for the whole test file (SWR), and the
// export and runs permissions have no resource to tell the tests apart, so each test sets the
// answers.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));
const usePermissionMock = usePermission as jest.MockedFunction<
  typeof usePermission
>;

function fakeApi(): jest.Mocked<EcrAccessApi> {
  return {
    getEntityStatus: jest.fn(),
    getEntityHistory: jest.fn(),
    refreshEntity: jest.fn(),
    getAudit: jest.fn(async () => AUDIT_PAGE),
    exportAuditCsv: jest.fn(async () => new Blob(['entityRef\n'])),
    getAuditRuns: jest.fn(async () => AUDIT_RUNS),
    getAuditFacets: jest.fn(async () => AUDIT_FACETS),
  };
}

async function renderPage(
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

describe('EcrAccessAuditPage on a narrow screen', () => {
  beforeAll(() => {
    // 375 px wide: no min-width breakpoint matches. Set before the first render, since BUI
    // reads the breakpoint once per module.
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
  });

  it('shows each entity as a card with labelled fields instead of a table', async () => {
    await renderPage(fakeApi());
    const cards = await screen.findByRole('list', {
      name: 'Audited entities',
    });
    expect(screen.queryByRole('table', { name: /Entities/ })).toBeNull();
    const billing = within(cards).getByRole('article', {
      name: 'legacy-billing',
    });
    expect(
      within(billing).getByRole('link', { name: 'legacy-billing' }),
    ).toHaveAttribute('href', '/catalog/default/component/legacy-billing');
    const health = within(billing).getByText('Health').closest('dt');
    expect(health?.nextElementSibling).toHaveTextContent('Broken');
    expect(
      within(billing).getByText('The pull secret holds an expired ECR token'),
    ).toBeInTheDocument();
  });
});
