import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { catalogComponents } from '../../__fixtures__/catalogComponents';
import { prodScenario, REGISTRY } from '../../__fixtures__/prodCluster';

// Pods pinned to Karpenter NodePools (review7 #5). Cluster `prod` has a managed node group
// whose role pulls only, and one running node of the NodePool `inference`, tainted as GPU
// pools are, whose instance profile's role cannot pull. The NodePool `gpu` has no node yet.
// `web` is placed nowhere in particular; `gpu-smoke` is Karpenter's NVIDIA blueprint workload
// (aws-samples/karpenter-blueprints, nvidia-gpu-workload/workload.yaml) as a Deployment, its
// image in the account's registry;
// `inference` is pinned to its pool by the karpenter.sh/nodepool label; `nightly` to the
// managed node group `batch` (tainted, scaled to zero), whose role cannot pull either.

export const KARPENTER_ROLE = 'KarpenterNodeRole-prod';
export const KARPENTER_PROFILE = 'KarpenterNodeInstanceProfile-prod';
export const BATCH_ROLE = 'eks-node-batch';

/** The taint and toleration of Karpenter's NVIDIA blueprint (its NodePool and workload). */
const GPU_TAINT = { key: 'nvidia.com/gpu', effect: 'NoSchedule' } as const;
const GPU_TOLERATION = {
  key: 'nvidia.com/gpu',
  effect: 'NoSchedule',
  operator: 'Exists',
} as const;

function deploymentOf(name: string, podSpec: Record<string, unknown>) {
  const labels = { 'backstage.io/kubernetes-id': name, app: name };
  return {
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'ml', labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels }, spec: podSpec },
      },
    },
  };
}

const smokeContainer = {
  name: 'nvidia-smi',
  image: `${REGISTRY}/ml/nvidia-smi:2023-minimal`,
  args: ['nvidia-smi'],
  resources: {
    requests: { memory: '8Gi', cpu: '3500m' },
    limits: { memory: '8Gi', 'nvidia.com/gpu': 1 },
  },
};

export const KARPENTER_PLACEMENT_SCENARIO: ScenarioInput = prodScenario(
  'karpenter-placement',
  {
    nodeRole: 'eks-node-pullonly',
    nodes: 2,
    // A managed node group scaled to zero: placed by what eks:DescribeNodegroup says of it.
    nodeGroups: [
      {
        name: 'batch',
        nodeRole: BATCH_ROLE,
        nodes: 0,
        taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }],
      },
    ],
    selfManagedNodes: [
      {
        name: 'inference',
        instanceProfile: KARPENTER_PROFILE,
        role: KARPENTER_ROLE,
        nodes: 1,
        labels: { intent: 'inference' },
        taints: [GPU_TAINT],
      },
    ],
    namespaces: ['ml'],
    serviceAccounts: [{ namespace: 'ml', name: 'default' }],
    workloads: [
      {
        kind: 'Deployment',
        namespace: 'ml',
        name: 'web',
        kubernetesId: 'web',
        images: [`${REGISTRY}/ml/web:1.0.0`],
        serviceAccount: 'default',
      },
    ],
    manifests: [
      deploymentOf('gpu-smoke', {
        nodeSelector: {
          intent: 'gpu',
          'karpenter.k8s.aws/instance-gpu-name': 't4',
        },
        restartPolicy: 'Always',
        containers: [smokeContainer],
        tolerations: [GPU_TOLERATION],
      }),
      deploymentOf('nightly', {
        nodeSelector: { 'eks.amazonaws.com/nodegroup': 'batch' },
        containers: [{ name: 'nightly', image: `${REGISTRY}/ml/web:1.0.0` }],
        tolerations: [
          {
            key: 'dedicated',
            operator: 'Equal',
            value: 'batch',
            effect: 'NoSchedule',
          },
        ],
      }),
      deploymentOf('inference', {
        nodeSelector: { 'karpenter.sh/nodepool': 'inference' },
        containers: [{ ...smokeContainer, name: 'inference' }],
        tolerations: [GPU_TOLERATION],
      }),
    ],
  },
  {
    nodeRoles: {
      'eks-node-pullonly': ['AmazonEC2ContainerRegistryPullOnly'],
      [KARPENTER_ROLE]: ['AmazonEKSWorkerNodePolicy'],
      [BATCH_ROLE]: ['AmazonEKSWorkerNodePolicy'],
    },
    repositories: ['ml/web', 'ml/nvidia-smi'],
  },
);

/** The catalog: `web`, `gpu-smoke`, `nightly` and `inference`, by `backstage.io/kubernetes-id`. */
export function karpenterPlacementEntities(): Entity[] {
  return catalogComponents(['web', 'gpu-smoke', 'nightly', 'inference']);
}
