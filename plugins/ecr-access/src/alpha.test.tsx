import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import ecrAccessPlugin from './alpha';
import { ecrAccessApiRef, type EcrAccessApi } from './api';
import { ecrAccessEntityCard } from './alpha/entityCards';
import { ecrAccessAuditPage } from './alpha/pages';
import { ecrAccessPlugin as legacyPlugin } from './plugin';
import { auditedEntity, STATUS_BY_MECHANISM } from './__fixtures__/statuses';
import { AUDIT_FACETS, AUDIT_PAGE, AUDIT_RUNS } from './__fixtures__/audit';
import { CLUSTER_PULL_SETUPS } from './__fixtures__/clusterPullSetups';

const api: EcrAccessApi = {
  getEntityStatus: async () => STATUS_BY_MECHANISM['rotating-secret'],
  getEntityHistory: async () => [],
  refreshEntity: async () => ({
    ...STATUS_BY_MECHANISM['rotating-secret'],
    unreachableClusters: [],
  }),
  getAudit: async () => AUDIT_PAGE,
  exportAuditCsv: async () => new Blob([]),
  getAuditRuns: async () => AUDIT_RUNS,
  getAuditFacets: async () => AUDIT_FACETS,
  getClusterPullSetups: async () => CLUSTER_PULL_SETUPS,
};

// The extensions load their components lazily: on a busy CI machine that takes seconds
// (a CI run saw the audit page miss testing-library's 1 s default).
const LAZY_LOAD_MS = 10_000;
describe('ecr-access frontend plugin', () => {
  it('has the same plugin id in both frontend systems, matching the backend', () => {
    expect(ecrAccessPlugin.pluginId).toBe('ecr-access');
    expect(legacyPlugin.getId()).toBe('ecr-access');
  });

  it('puts the card on the entity page of an entity with workloads', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: auditedEntity('orders-worker') }),
        ecrAccessEntityCard,
      ],
      apis: [[ecrAccessApiRef, api]],
    });
    expect(
      await screen.findByRole(
        'heading',
        { name: 'Rotating secret' },
        { timeout: LAZY_LOAD_MS },
      ),
    ).toBeInTheDocument();
  });

  it('shows the card only for entities the audit can cover', () => {
    const tester = createExtensionTester(ecrAccessEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    const uncovered = auditedEntity('docs');
    uncovered.metadata.annotations = {};
    expect(filter?.(auditedEntity('orders-worker'))).toBe(true);
    expect(filter?.(uncovered)).toBe(false);
  });

  it('serves the audit page at /ecr-access with its title', async () => {
    const tester = createExtensionTester(ecrAccessAuditPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/ecr-access');
    expect(tester.get(coreExtensionData.title)).toBe('ECR access');
    renderInTestApp(
      <TestApiProvider apis={[[ecrAccessApiRef, api]]}>
        {tester.reactElement()}
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    expect(
      await screen.findByRole(
        'list',
        { name: 'Entities by pull mechanism' },
        { timeout: LAZY_LOAD_MS },
      ),
    ).toBeInTheDocument();
  });
});
