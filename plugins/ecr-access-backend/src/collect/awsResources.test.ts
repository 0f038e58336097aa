import type { ClusterSnapshot } from '@ecr-access/plugin-ecr-access-node';
import { referencedAwsResources } from './awsResources';

const cluster = {
  name: 'prod-use1',
  accountId: '111111111111',
  region: 'us-east-1',
  imagePullAuth: 'node-role' as const,
  nodeRoleArns: ['arn:aws:iam::111111111111:role/eks-node'],
};

const deployment = (name: string, images: string[], init: string[] = []) => ({
  metadata: { name, namespace: 'shop' },
  spec: {
    template: {
      spec: {
        initContainers: init.map(image => ({ name: 'init', image })),
        containers: images.map(image => ({ name, image })),
      },
    },
  },
});

describe('referencedAwsResources', () => {
  it('collects each role, account and repository once however often it is used', () => {
    const snapshot: ClusterSnapshot = {
      cluster,
      serviceAccounts: [
        {
          metadata: {
            name: 'web',
            annotations: {
              'eks.amazonaws.com/role-arn':
                'arn:aws:iam::222222222222:role/web',
              'eks.amazonaws.com/ecr-role-arn':
                'arn:aws:iam::222222222222:role/web-pull',
            },
          },
        },
        { metadata: { name: 'default' } },
        {
          metadata: {
            annotations: { 'eks.amazonaws.com/role-arn': 'not-an-arn' },
          },
        },
      ],
      deployments: [
        deployment('web', [
          '333333333333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1',
          'nginx:1.27',
        ]),
        deployment(
          'web2',
          [
            `333333333333.dkr.ecr.eu-west-1.amazonaws.com/shop/web@sha256:${'a'.repeat(
              64,
            )}`,
          ],
          ['public.ecr.aws/docker/library/busybox:1'],
        ),
      ],
      cronJobs: [
        {
          spec: {
            jobTemplate: {
              spec: {
                template: {
                  spec: {
                    containers: [
                      {
                        image:
                          '111111111111.dkr.ecr.us-east-1.amazonaws.com/tools/aws-cli:2',
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      ],
      podIdentityAssociations: [
        {
          namespace: 'shop',
          serviceAccount: 'api',
          roleArn: 'arn:aws:iam::111111111111:role/api',
        },
      ],
    };
    const found = referencedAwsResources([snapshot, snapshot]);
    expect([...found.roleArns].sort()).toEqual([
      'arn:aws:iam::111111111111:role/api',
      'arn:aws:iam::111111111111:role/eks-node',
      'arn:aws:iam::222222222222:role/web',
      'arn:aws:iam::222222222222:role/web-pull',
    ]);
    expect([...found.accounts].sort()).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect([...found.repositories.values()]).toEqual([
      { accountId: '333333333333', region: 'eu-west-1', name: 'shop/web' },
      { accountId: '111111111111', region: 'us-east-1', name: 'tools/aws-cli' },
    ]);
  });

  it('survives half-missing objects', () => {
    const found = referencedAwsResources([
      {
        cluster,
        serviceAccounts: [null, {}, { metadata: null }],
        deployments: [
          null,
          { spec: null },
          { spec: { template: { spec: { containers: 'x' } } } },
        ],
      } as unknown as ClusterSnapshot,
    ]);
    expect(found.repositories.size).toBe(0);
  });
});
