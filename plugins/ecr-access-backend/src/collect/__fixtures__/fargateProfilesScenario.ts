import type { Entity } from '@backstage/catalog-model';
import type { ScenarioInput } from '@ecr-access/sandbox';
import { catalogComponents } from '../../__fixtures__/catalogComponents';
import {
  ACCOUNT,
  prodScenario,
  REGISTRY,
} from '../../__fixtures__/prodCluster';

// A mixed cluster (review7 #6): EC2 nodes whose role cannot pull from ECR, and two Fargate
// profiles whose pod execution role can. fp-fgmix selects namespace fgmix AND the label
// compute=fargate; fp-batch selects every namespace batch-* (an EKS wildcard). In fgmix,
// `fg-unlabelled` lacks the label: its pods run on EC2 and fail to pull there.

export const FARGATE_ROLE = `arn:aws:iam::${ACCOUNT}:role/fargate-pods`;

const deployment = (
  namespace: string,
  name: string,
  over: { labels?: Record<string, string>; fargate?: boolean } = {},
) => ({
  kind: 'Deployment' as const,
  namespace,
  name,
  kubernetesId: name,
  images: [`${REGISTRY}/shop/web:1.0.0`],
  serviceAccount: 'default',
  ...over,
});

const scenario = prodScenario(
  'fargate-profiles',
  {
    nodeRole: 'eks-node-noecr',
    nodes: 2,
    fargateProfiles: [
      {
        name: 'fp-fgmix',
        podExecutionRole: 'fargate-pods',
        selectors: [{ namespace: 'fgmix', labels: { compute: 'fargate' } }],
      },
      {
        name: 'fp-batch',
        podExecutionRole: 'fargate-pods',
        selectors: [{ namespace: 'batch-*' }],
      },
    ],
    serviceAccounts: ['fgmix', 'batch-nightly'].map(namespace => ({
      namespace,
      name: 'default',
    })),
    workloads: [
      deployment('fgmix', 'fg-unlabelled'),
      deployment('fgmix', 'fg-labelled', {
        labels: { compute: 'fargate' },
        fargate: true,
      }),
      deployment('batch-nightly', 'batch-report', { fargate: true }),
    ],
  },
  {
    nodeRoles: {
      'eks-node-noecr': ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'],
    },
    repositories: ['shop/web'],
  },
);

export const FARGATE_PROFILES_SCENARIO: ScenarioInput = {
  ...scenario,
  accounts: scenario.accounts!.map(account => ({
    ...account,
    roles: [
      ...(account.roles ?? []),
      {
        name: 'fargate-pods',
        trust: { service: ['eks-fargate-pods.amazonaws.com'] },
        managedPolicies: ['AmazonEKSFargatePodExecutionRolePolicy'],
      },
    ],
  })),
};

/** The catalog: one Component per Deployment, by `backstage.io/kubernetes-id`. */
export function fargateProfilesEntities(): Entity[] {
  return catalogComponents(['fg-unlabelled', 'fg-labelled', 'batch-report']);
}
