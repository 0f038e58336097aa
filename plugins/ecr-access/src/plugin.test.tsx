import { getComponentData } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ecrAccessApiRef, type EcrAccessApi } from './api';
import { EcrAccessAuditPage, EntityEcrAccessCard } from './plugin';
import { rootRouteRef } from './routes';
import { auditedEntity, STATUS_BY_MECHANISM } from './__fixtures__/statuses';

const api: EcrAccessApi = {
  getEntityStatus: async () => STATUS_BY_MECHANISM['static-secret'],
  getEntityHistory: async () => [],
  refreshEntity: async () => ({
    ...STATUS_BY_MECHANISM['static-secret'],
    unreachableClusters: [],
  }),
  getAudit: jest.fn(),
  exportAuditCsv: jest.fn(),
  getAuditRuns: jest.fn(),
  getAuditFacets: jest.fn(),
  getClusterPullSetups: jest.fn(),
};

describe('the legacy frontend system exports', () => {
  it('render the entity card in a legacy app', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [ecrAccessApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider entity={auditedEntity('legacy-billing')}>
          <EntityEcrAccessCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('heading', { name: 'Static secret' }),
    ).toBeInTheDocument();
  });

  it('mount the audit page on the plugin root route', () => {
    // A routable extension needs a <Route> from the app, so the page itself is rendered in
    // components/EcrAccessAuditPage; here, its mount point.
    expect(getComponentData(<EcrAccessAuditPage />, 'core.mountPoint')).toBe(
      rootRouteRef,
    );
  });
});
