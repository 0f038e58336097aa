import type { ClusterPullSetupsResponse } from '@ecr-access/plugin-ecr-access-common';

const readAt = new Date(Date.now() - 5 * 60_000).toISOString();
const downSince = new Date(Date.now() - 3 * 3600_000).toISOString();

/**
 * GET /audit/clusters as the demo answers it (captured from the demo scenario's start-up
 * audit), with a second role on shared-usw2 that IAM did not return, and a cluster never
 * audited.
 */
export const CLUSTER_PULL_SETUPS: ClusterPullSetupsResponse = {
  items: [
    {
      cluster: 'prod-use1',
      state: {
        cluster: 'prod-use1',
        reachable: true,
        checkedAt: readAt,
        lastSuccessAt: readAt,
      },
      pullSetup: {
        cluster: 'prod-use1',
        imagePullAuth: 'service-account-token',
        nodeRoles: [
          {
            arn: 'arn:aws:iam::111122223333:role/eks-node-prod-use1',
            sources: ['config', 'node group default', 'node group legacy-1-33'],
            beyondPulling: [],
          },
        ],
        credentialProvider: {
          state: 'ready',
          problems: [],
          unknowns: [],
          onTaintedNodes: {
            state: 'not-ready',
            problems: [
              'kubelets older than 1.34 on ip-10-0-9-1.ec2.internal (v1.33)',
            ],
            unknowns: [],
          },
        },
        workloads: {
          'node-role': { 'pod-identity': 2, 'node-role': 5, irsa: 1 },
          'service-account-role': {
            'node-role': 9,
            'pod-identity': 1,
            irsa: 1,
          },
          'fargate-role': { none: 1 },
        },
      },
      readAt,
    },
    {
      cluster: 'shared-usw2',
      state: {
        cluster: 'shared-usw2',
        reachable: true,
        checkedAt: readAt,
        lastSuccessAt: readAt,
      },
      pullSetup: {
        cluster: 'shared-usw2',
        imagePullAuth: 'node-role',
        nodeRoles: [
          {
            arn: 'arn:aws:iam::111122223333:role/eks-node-shared-usw2',
            sources: ['config', 'node group default'],
            beyondPulling: [
              'every read of AmazonEC2ContainerRegistryReadOnly beyond pulling (ecr:DescribeRepositories, ecr:ListImages, ecr:DescribeImages, ecr:GetRepositoryPolicy, ecr:GetLifecyclePolicy, ecr:ListTagsForResource, ecr:DescribeImageScanFindings)',
            ],
          },
          {
            arn: 'arn:aws:iam::111122223333:role/eks-node-batch',
            sources: ['node group batch'],
          },
        ],
        workloads: {
          'node-role': { irsa: 1, 'node-role': 3 },
          'static-secret': { 'node-role': 1 },
        },
      },
      readAt,
    },
    {
      cluster: 'edge-euw1',
      state: {
        cluster: 'edge-euw1',
        reachable: false,
        checkedAt: readAt,
        unreachableSince: downSince,
        error:
          'ClusterUnreachableError: GET /apis/apps/v1/deployments failed; caused by FetchError: request to <redacted> failed, reason: connect ECONNREFUSED <redacted>',
      },
    },
    { cluster: 'staging-use1' },
  ],
  runtimeIdentities: { 'pod-identity': 3, 'node-role': 18, irsa: 3, none: 1 },
};
