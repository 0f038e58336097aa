import { ScenarioInput } from '../scenario/schema';

/** A small scenario for the tests: two clusters, two accounts, a little of everything. */
export const smallScenario: ScenarioInput = {
  name: 'small',
  accounts: [
    {
      id: '111122223333',
      credentials: [{ accessKeyId: 'AKIASANDBOXPLATFORM1', user: 'backstage' }],
      repositories: [
        { name: 'payments/api', region: 'us-east-1' },
        {
          name: 'orders/worker',
          region: 'us-east-1',
          allowPullFrom: ['444455556666'],
        },
      ],
      policies: [
        {
          name: 'platform-boundary',
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }],
          },
        },
      ],
      roles: [
        {
          name: 'payments-api-pull',
          path: '/irsa/',
          trust: {
            irsa: [
              {
                cluster: 'prod',
                namespace: 'payments',
                serviceAccount: 'payments-api',
              },
            ],
          },
          inlinePolicies: { 'ecr-pull': { ecrPull: ['payments/api'] } },
          tags: { team: 'payments' },
        },
        {
          name: 'eks-node',
          trust: { service: ['ec2.amazonaws.com'] },
          managedPolicies: ['AmazonEC2ContainerRegistryReadOnly'],
        },
        {
          name: 'cross-account-reader',
          trust: {
            document: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: 'arn:aws:iam::444455556666:root' },
                  Action: 'sts:AssumeRole',
                },
              ],
            },
          },
        },
      ],
    },
    {
      id: '444455556666',
      credentials: [{ accessKeyId: 'AKIASANDBOXDATA00001' }],
    },
  ],
  clusters: [
    {
      name: 'prod',
      account: '111122223333',
      region: 'us-east-1',
      imagePullAuth: 'service-account-token',
      token: 'prod-token-123456',
      podIdentityAssociations: [
        {
          namespace: 'orders',
          serviceAccount: 'orders-worker',
          roleArn: 'arn:aws:iam::111122223333:role/orders-runtime',
        },
      ],
      serviceAccounts: [
        {
          namespace: 'payments',
          name: 'payments-api',
          annotations: {
            'eks.amazonaws.com/ecr-role-arn':
              'arn:aws:iam::111122223333:role/irsa/payments-api-pull',
          },
        },
      ],
      pullSecrets: [
        {
          namespace: 'billing',
          name: 'regcred',
          registries: ['111122223333.dkr.ecr.us-east-1.amazonaws.com'],
          lastWritten: '30h ago',
        },
        {
          namespace: 'orders',
          name: 'opaque-config',
          type: 'Opaque',
          lastWritten: '2d ago',
        },
      ],
      externalSecrets: [
        {
          namespace: 'orders',
          name: 'ecr-token',
          secret: 'eso-regcred',
          registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
          refreshInterval: '1h',
          lastRefresh: '20m ago',
        },
      ],
      clusterRoleBindings: [
        {
          name: 'ecr-access-view',
          roleRef: { kind: 'ClusterRole', name: 'view' },
          subjects: [
            {
              kind: 'ServiceAccount',
              name: 'ecr-access',
              namespace: 'backstage',
            },
          ],
        },
      ],
      refreshers: [
        {
          namespace: 'orders',
          name: 'ecr-cred-refresher',
          secret: 'orders-regcred',
          registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
          schedule: '0 */6 * * *',
          lastSuccess: '2h ago',
        },
      ],
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'payments',
          name: 'payments-api',
          kubernetesId: 'payments-api',
          labels: { tier: 'backend' },
          images: [
            '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.4.2',
          ],
          serviceAccount: 'payments-api',
          replicas: 2,
        },
        {
          kind: 'Deployment',
          namespace: 'billing',
          name: 'legacy-billing',
          kubernetesId: 'legacy-billing',
          labels: { tier: 'backend' },
          images: [
            '111122223333.dkr.ecr.us-east-1.amazonaws.com/billing/legacy:2019',
          ],
          imagePullSecrets: ['regcred'],
          podPhase: 'ImagePullBackOff',
        },
        {
          kind: 'StatefulSet',
          namespace: 'orders',
          name: 'orders-db',
          kubernetesId: 'orders',
          labels: { tier: 'data' },
          images: ['public.ecr.aws/docker/library/postgres:16'],
        },
        {
          kind: 'Deployment',
          namespace: 'orders',
          name: 'orders-worker',
          kubernetesId: 'orders',
          labels: { tier: 'worker' },
          images: [
            '111122223333.dkr.ecr.us-east-1.amazonaws.com/orders/worker:7',
          ],
          imagePullSecrets: ['orders-regcred'],
        },
        {
          kind: 'DaemonSet',
          namespace: 'kube-system',
          name: 'log-agent',
          labels: { tier: 'infra' },
          images: [
            'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0',
          ],
        },
        {
          kind: 'CronJob',
          namespace: 'payments',
          name: 'payments-report',
          kubernetesId: 'payments-api',
          images: [
            '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.4.2',
          ],
          schedule: '0 2 * * *',
          lastSuccess: '20h ago',
        },
        {
          kind: 'Job',
          namespace: 'payments',
          name: 'payments-migrate',
          kubernetesId: 'payments-api',
          images: [
            '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.4.2',
          ],
        },
      ],
    },
    {
      name: 'edge',
      account: '111122223333',
      region: 'eu-west-1',
      imagePullAuth: 'node-role',
      fargatePodExecutionRole:
        'arn:aws:iam::111122223333:role/edge-fargate-pods',
      forbidden: ['secrets'],
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'edge',
          name: 'edge-proxy',
          kubernetesId: 'edge-proxy',
          images: ['111122223333.dkr.ecr.eu-west-1.amazonaws.com/edge/proxy:3'],
          fargate: true,
        },
      ],
    },
  ],
};
