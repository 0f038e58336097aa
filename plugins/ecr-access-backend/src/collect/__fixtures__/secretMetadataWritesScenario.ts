import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import path from 'node:path';
import { catalogComponents } from '../../__fixtures__/catalogComponents';
import { prodScenario, REGISTRY } from '../../__fixtures__/prodCluster';
import { SEED_002 } from '../../__fixtures__/seed002';

// Pull secrets whose data was written once and whose metadata was written again since (the
// test labels them through the Kubernetes API, as `kubectl label` does): `web` pulls with a
// regcred created 20 h ago by `kubectl create secret docker-registry`; `health-check` is seed
// 002 exactly as its users write it, its regcred re-created 3 h ago by ecr-registry-helper's
// last run. The nodes' role may not pull from ECR, so nothing covers for an expired token.

export const SECRET_METADATA_WRITES_SCENARIO: ScenarioInput = prodScenario(
  'secret-metadata-writes',
  {
    nodeRole: 'eks-node-no-ecr',
    serviceAccounts: [{ namespace: 'shop', name: 'default' }],
    workloads: [
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        kubernetesId: 'web',
        images: [`${REGISTRY}/shop/web:1.0.0`],
        serviceAccount: 'default',
        imagePullSecrets: ['regcred'],
      },
    ],
    pullSecrets: [
      {
        namespace: 'shop',
        name: 'regcred',
        registries: [`https://${REGISTRY}`],
        createdAt: '20h ago',
        lastWritten: '20h ago',
        manager: 'kubectl-create',
      },
      {
        namespace: 'health-check',
        name: 'regcred',
        registries: [`https://${REGISTRY}`],
        createdAt: '3h ago',
        lastWritten: '3h ago',
        manager: 'kubectl-create',
      },
    ],
    manifests: [
      { file: path.join(SEED_002, 'app.yaml'), createdAt: '45d ago' },
      {
        file: path.join(SEED_002, 'manifest-ecr-helper-creds-sample.yaml'),
        createdAt: '45d ago',
      },
      {
        file: path.join(SEED_002, 'manifest-ecr-helper.yaml'),
        createdAt: '45d ago',
        lastRun: { at: '3h ago', outcome: 'succeeded' },
      },
    ],
  },
  {
    nodeRoles: { 'eks-node-no-ecr': ['AmazonEKSWorkerNodePolicy'] },
    repositories: ['shop/web', 'health-check'],
  },
);

/** The catalog: `web` and seed 002's `health-check`, by `backstage.io/kubernetes-id`. */
export function secretMetadataWritesEntities(): Entity[] {
  return catalogComponents(['web', 'health-check']);
}
