/* Classifier fixtures: pullRole cases. */
import {
  deployment,
  iam,
  irsaTrust,
  NODE_POLICY,
  OTHER_ACCT,
  PULL_ROLE,
  pullPolicy,
  REPO_ARN,
  role,
  snapshot,
} from './classify.builders';
import {
  ClassifyFixture,
  irsaSa,
  ok,
  otherRepoArn,
  otherRepoImage,
  pullSa,
  tokenCluster,
} from './classify.shared';

export const pullRoleCases: ClassifyFixture[] = [
  {
    name: 'IRSA for pulls with a least-privilege role',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(),
    expected: ok('service-account-role'),
    nearMissOf: [
      'POLICY_TOO_BROAD',
      'ROLE_LACKS_ECR_PULL',
      'IRSA_NOT_USED_FOR_PULLS',
      'INPUT_MALFORMED',
    ],
  },
  {
    name: 'IRSA pull role allowed to pull every repository',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(PULL_ROLE, {
        trustPolicy: irsaTrust(),
        managedPolicies: [NODE_POLICY],
      }),
    ),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['POLICY_TOO_BROAD'],
    },
  },
  {
    name: 'IRSA pull role with ecr:*',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(PULL_ROLE, {
        trustPolicy: irsaTrust(),
        inlinePolicies: [
          {
            Statement: [
              { Effect: 'Allow', Action: 'ecr:*', Resource: REPO_ARN },
              {
                Effect: 'Allow',
                Action: 'ecr:GetAuthorizationToken',
                Resource: '*',
              },
            ],
          },
        ],
      }),
    ),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['POLICY_TOO_BROAD'],
    },
  },
  {
    name: 'IRSA pull role without ecr:BatchGetImage',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(PULL_ROLE, {
        trustPolicy: irsaTrust(),
        inlinePolicies: [
          {
            Statement: [
              {
                Effect: 'Allow',
                Action: 'ecr:GetAuthorizationToken',
                Resource: '*',
              },
              {
                Effect: 'Allow',
                Action: 'ecr:GetDownloadUrlForLayer',
                Resource: REPO_ARN,
              },
            ],
          },
        ],
      }),
    ),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: 'IRSA pull role cut off by its permissions boundary',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(PULL_ROLE, {
        trustPolicy: irsaTrust(),
        inlinePolicies: [pullPolicy()],
        permissionsBoundary: {
          Statement: {
            Effect: 'Allow',
            Action: ['s3:*', 'ecr:GetAuthorizationToken'],
            Resource: '*',
          },
        },
      }),
    ),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: 'IRSA pull role that does not exist is reported once',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(role(PULL_ROLE, { exists: false })),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ROLE_NOT_FOUND'],
    },
  },
  {
    name: 'IRSA pull role whose policy JSON is broken',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(PULL_ROLE, {
        trustPolicy: irsaTrust(),
        inlinePolicies: ['{"Statement": [{"Effect": "Allow", '],
      }),
    ),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
  {
    name: 'role-arn only on a service-account-token cluster',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'ok',
      codes: ['IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'cross-account IRSA pull role allowed by the repository policy',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web', image: otherRepoImage })],
    }),
    iam: {
      ...iam(
        role(PULL_ROLE, {
          trustPolicy: irsaTrust(),
          inlinePolicies: [pullPolicy([otherRepoArn])],
        }),
      ),
      repositories: [
        {
          accountId: OTHER_ACCT,
          region: 'us-east-1',
          name: 'base/runtime',
          exists: true,
          policy: {
            Statement: {
              Effect: 'Allow',
              Principal: { AWS: PULL_ROLE },
              Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
            },
          },
        },
      ],
    },
    expected: ok('service-account-role'),
    nearMissOf: ['CROSS_ACCOUNT_NOT_ALLOWED'],
  },
];
