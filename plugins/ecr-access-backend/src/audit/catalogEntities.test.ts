import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readAuditedEntities } from './catalogEntities';

const component = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations, title: name.toUpperCase() },
  spec: { type: 'service', owner: 'group:default/team-payments' },
});

describe('readAuditedEntities', () => {
  it('reads only entities with a Kubernetes selector annotation, across pages', async () => {
    const catalog = catalogServiceMock({
      entities: [
        component('payments-api', {
          'backstage.io/kubernetes-id': 'payments-api',
        }),
        component('metrics', {
          'backstage.io/kubernetes-label-selector': 'app=metrics',
          'backstage.io/kubernetes-namespace': 'monitoring',
        }),
        component('docs', { 'backstage.io/techdocs-ref': 'dir:.' }),
        component('blank', { 'backstage.io/kubernetes-id': ' ' }),
        ...Array.from({ length: 5 }, (_, i) =>
          component(`svc-${i}`, { 'backstage.io/kubernetes-id': `svc-${i}` }),
        ),
      ],
    });
    const entities = await readAuditedEntities(
      catalog,
      mockCredentials.service(),
      2,
    );
    expect(entities.map(e => e.name).sort()).toEqual([
      'metrics',
      'payments-api',
      'svc-0',
      'svc-1',
      'svc-2',
      'svc-3',
      'svc-4',
    ]);
    expect(entities.find(e => e.name === 'metrics')).toEqual({
      entityRef: 'component:default/metrics',
      kind: 'Component',
      namespace: 'default',
      name: 'metrics',
      title: 'METRICS',
      owner: 'group:default/team-payments',
      selector: {
        entityRef: 'component:default/metrics',
        kubernetesId: undefined,
        labelSelector: 'app=metrics',
        namespace: 'monitoring',
      },
    });
  });
});
