import type { ClusterSnapshot } from '@ecr-access/plugin-ecr-access-node';
import { relevantSelectors } from './relevantSelectors';

const labelled = (id: string) => ({
  labels: { 'backstage.io/kubernetes-id': id },
});

const snapshot = {
  cluster: { name: 'prod' },
  deployments: [{ metadata: { name: 'web', ...labelled('web') } }],
  // Labelled only on its pod template, as some charts do.
  cronJobs: [
    {
      metadata: { name: 'nightly' },
      spec: {
        jobTemplate: { spec: { template: { metadata: labelled('nightly') } } },
      },
    },
  ],
  serviceAccounts: [
    { metadata: { name: 'payments', ...labelled('payments') } },
  ],
} as unknown as ClusterSnapshot;

describe('relevantSelectors', () => {
  it('keeps the kubernetes-id selectors whose id an object of the cluster carries, and every label selector', () => {
    const selectors = [
      { entityRef: 'component:default/web', kubernetesId: 'web' },
      { entityRef: 'component:default/nightly', kubernetesId: 'nightly' },
      { entityRef: 'component:default/payments', kubernetesId: 'payments' },
      { entityRef: 'component:default/elsewhere', kubernetesId: 'elsewhere' },
      { entityRef: 'component:default/by-label', labelSelector: 'app=shop' },
    ];
    expect(
      relevantSelectors(snapshot, selectors).map(s => s.entityRef),
    ).toEqual([
      'component:default/web',
      'component:default/nightly',
      'component:default/payments',
      'component:default/by-label',
    ]);
  });

  it('keeps none by id on an empty cluster', () => {
    expect(
      relevantSelectors({ cluster: { name: 'empty' } } as ClusterSnapshot, [
        { entityRef: 'component:default/web', kubernetesId: 'web' },
      ]),
    ).toEqual([]);
  });
});
