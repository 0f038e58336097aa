import { classifyCluster } from './classify';
import { awsFactsNeeded } from './factsNeeded';
import { entityWorkloadsOf } from './entityWorkloads';
import { iam, NOW, snapshot } from './__fixtures__/classify.builders';
import {
  labelledDeployment,
  templateLabelledCronJob,
} from './__fixtures__/entityMapping';

const ID = 'backstage.io/kubernetes-id';
const BOTH = {
  entityRef: 'component:default/orders',
  kubernetesId: 'orders',
  labelSelector: 'app.kubernetes.io/name=orders',
};

function refsByName(s: ReturnType<typeof snapshot>) {
  return Object.fromEntries(
    classifyCluster(s, iam(), NOW).map(w => [w.name, w.entityRefs]),
  );
}

describe('workloads mapped to entities as the Kubernetes plugin maps them', () => {
  it('uses the label selector, not the kubernetes-id, of an entity with both', () => {
    const refs = refsByName(
      snapshot({
        deployments: [
          labelledDeployment('orders-legacy', { own: { [ID]: 'orders' } }),
          labelledDeployment('orders-api', {
            own: { 'app.kubernetes.io/name': 'orders' },
          }),
        ],
        entities: [BOTH],
      }),
    );
    expect(refs).toEqual({
      'orders-legacy': [],
      'orders-api': ['component:default/orders'],
    });
  });

  it('maps a workload labelled only in its pod template, and a CronJob in its Job template', () => {
    const refs = refsByName(
      snapshot({
        deployments: [
          labelledDeployment('worker', { template: { [ID]: 'tplonly' } }),
          labelledDeployment('api', {
            template: { 'app.kubernetes.io/name': 'orders' },
          }),
        ],
        cronJobs: [templateLabelledCronJob('nightly', { [ID]: 'tplonly' })],
        entities: [
          { entityRef: 'component:default/tplonly', kubernetesId: 'tplonly' },
          BOTH,
        ],
      }),
    );
    expect(refs).toEqual({
      worker: ['component:default/tplonly'],
      api: ['component:default/orders'],
      nightly: ['component:default/tplonly'],
    });
  });

  it('matches a selector within one label set, never across the workload and its template', () => {
    const refs = refsByName(
      snapshot({
        deployments: [
          labelledDeployment('split', {
            own: { app: 'orders' },
            template: { tier: 'api' },
          }),
          labelledDeployment('whole', {
            template: { app: 'orders', tier: 'api' },
          }),
        ],
        entities: [
          {
            entityRef: 'component:default/a',
            labelSelector: 'app=orders,tier==api',
          },
          {
            entityRef: 'component:default/b',
            labelSelector: 'tier in (api),app',
          },
          {
            entityRef: 'component:default/c',
            labelSelector: 'app=orders,tier!=api',
          },
        ],
      }),
    );
    expect(refs).toEqual({
      split: ['component:default/c'],
      whole: ['component:default/a', 'component:default/b'],
    });
  });

  it('reads the AWS facts of a refreshed entity whose workload is labelled only in its template', () => {
    const s = snapshot({
      deployments: [
        labelledDeployment('worker', { template: { [ID]: 'tplonly' } }),
      ],
    });
    const needed = awsFactsNeeded(s, {
      entities: [
        { entityRef: 'component:default/tplonly', kubernetesId: 'tplonly' },
      ],
    });
    expect(needed.repositories.map(r => r.name)).toEqual(['shop/web']);
  });

  it("keeps a refresh's own workloads: template labels, a Rollout's referenced template, its namespace only", () => {
    const worker = labelledDeployment('worker', {
      template: { [ID]: 'tplonly' },
    });
    const other = labelledDeployment('other', { own: { [ID]: 'other' } });
    const elsewhere = {
      ...labelledDeployment('elsewhere', { own: { [ID]: 'tplonly' } }),
    };
    elsewhere.metadata = { ...elsewhere.metadata, namespace: 'staging' };
    const rollout = {
      metadata: { name: 'canary', namespace: 'shop', labels: {} },
      spec: { workloadRef: { kind: 'Deployment', name: 'worker' } },
    };
    const kept = entityWorkloadsOf(
      { deployments: [worker, other, elsewhere], rollouts: [rollout] },
      {
        entityRef: 'component:default/tplonly',
        kubernetesId: 'tplonly',
        namespace: 'shop',
      },
    );
    expect(kept.deployments).toEqual([worker]);
    // The Rollout as listed, not with the template it was matched by.
    expect(kept.rollouts).toEqual([rollout]);
  });
});
