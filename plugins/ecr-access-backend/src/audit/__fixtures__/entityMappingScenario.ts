import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';

// Workloads Backstage's Kubernetes plugin shows under an entity that a narrower mapping misses
// (review8 cases 1 and 6). The node role may pull `platform/pause` only: a workload the audit
// misses that pulls `shop/api` is the entity's failing one, so a miss reads as a false ok.

const ACCOUNT = '111122223333';
const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
const PULLS = `${REGISTRY}/platform/pause:3.9`;
const FAILS = `${REGISTRY}/shop/api:1.4.2`;
const ID = 'backstage.io/kubernetes-id';
const NAME = 'app.kubernetes.io/name';

type Labels = Record<string, string>;

/** An apps/v1 Deployment as Helm charts write them: `matchLabels` on the template's labels. */
function deployment(
  namespace: string,
  name: string,
  image: string,
  labels: { own?: Labels; template?: Labels },
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: labels.own ?? {} },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...labels.template } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
}

/** An apps/v1 StatefulSet whose labels are only on its pods (its template). */
function statefulSet(
  namespace: string,
  name: string,
  image: string,
  id: string,
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace },
    spec: {
      serviceName: name,
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, [ID]: id } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
}

/** A batch/v1 CronJob whose entity label is only on its Jobs' pods. */
function cronJob(namespace: string, name: string, image: string, id: string) {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace },
    spec: {
      schedule: '15 2 * * *',
      jobTemplate: {
        spec: {
          template: {
            metadata: { labels: { [ID]: id } },
            spec: {
              restartPolicy: 'OnFailure',
              containers: [{ name: 'job', image }],
            },
          },
        },
      },
    },
  };
}

const namespace = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

export const ENTITY_MAPPING_SCENARIO: ScenarioInput = {
  name: 'entity-mapping',
  accounts: [
    {
      id: ACCOUNT,
      credentials: [{ accessKeyId: 'AKIAECRACCESSDEMO0001' }],
      repositories: ['shop/api', 'platform/pause'].map(name => ({
        name,
        region: 'us-east-1',
      })),
      roles: [
        {
          name: 'eks-node-narrow',
          trust: { service: ['ec2.amazonaws.com'] },
          managedPolicies: [
            'AmazonEKSWorkerNodePolicy',
            'AmazonEKS_CNI_Policy',
          ],
          inlinePolicies: { pull: { ecrPull: ['platform/pause'] } },
        },
      ],
    },
  ],
  clusters: [
    {
      name: 'narrow-use1',
      account: ACCOUNT,
      region: 'us-east-1',
      imagePullAuth: 'node-role',
      nodeRole: 'eks-node-narrow',
      manifests: [
        {
          objects: [
            namespace('orders'),
            // Only the id label: the Kubernetes plugin uses orders' selector, not its id.
            deployment('orders', 'orders-legacy', PULLS, {
              own: { [ID]: 'orders' },
            }),
            deployment('orders', 'orders-api', FAILS, {
              own: { [NAME]: 'orders' },
            }),
            namespace('payments'),
            // No object carries payments' id: only its selector finds this.
            deployment('payments', 'payments-api', PULLS, {
              own: { [NAME]: 'payments' },
            }),
            namespace('tplonly'),
            deployment('tplonly', 'web', PULLS, { own: { [ID]: 'tplonly' } }),
            // The entity's label on the pods only (the template), not on the Deployment.
            deployment('tplonly', 'worker', FAILS, {
              template: { [ID]: 'tplonly' },
            }),
            statefulSet('tplonly', 'cache', PULLS, 'tplonly'),
            namespace('docs'),
            // Labelled only in its pod template, alone in its namespace: no label-selected
            // LIST finds it, only the audit's reading of every workload.
            deployment('docs', 'docs', FAILS, { template: { [ID]: 'docs' } }),
            namespace('batch'),
            cronJob('batch', 'nightly', FAILS, 'nightly'),
          ],
        },
      ],
    },
  ],
};

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/**
 * `orders` and `payments` carry both annotations (a template wrote the id, the team added a
 * selector for Helm's labels); `tplonly` and `docs` an id; `nightly` an id and its namespace.
 */
export function entityMappingEntities(): Entity[] {
  return [
    component('orders', {
      [ID]: 'orders',
      'backstage.io/kubernetes-label-selector': `${NAME}=orders`,
    }),
    component('payments', {
      [ID]: 'payments',
      'backstage.io/kubernetes-label-selector': `${NAME}=payments`,
    }),
    component('tplonly', { [ID]: 'tplonly' }),
    component('docs', { [ID]: 'docs' }),
    component('nightly', {
      [ID]: 'nightly',
      'backstage.io/kubernetes-namespace': 'batch',
    }),
  ];
}
