/* Classifier fixtures: nodeRole cases. */
import {
  ACCT,
  cluster,
  deployment,
  iam,
  IMAGE,
  NODE_POLICY,
  NODE_ROLE,
  OTHER_ACCT,
  pullPolicy,
  role,
  snapshot,
  iamWithShopWebIn,
} from './classify.builders';
import {
  ClassifyFixture,
  noNodeRoles,
  ok,
  otherRepoImage,
} from './classify.shared';

export const nodeRoleCases: ClassifyFixture[] = [
  {
    name: 'node role pulls a same-region ECR image',
    snapshot: snapshot(),
    iam: iam(),
    expected: ok('node-role'),
    nearMissOf: [
      'ECR_REGION_MISMATCH',
      'ROLE_LACKS_ECR_PULL',
      'IAM_FACTS_MISSING',
    ],
  },
  {
    name: 'node role whose policy does not cover the repository',
    snapshot: snapshot(),
    iam: iam(
      role(NODE_ROLE, {
        managedPolicies: [
          pullPolicy(['arn:aws:ecr:us-east-1:111122223333:repository/other']),
        ],
      }),
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: 'node role facts were not read',
    snapshot: snapshot(),
    iam: { ...iam(), roles: [] },
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['IAM_FACTS_MISSING'],
    },
  },
  {
    // Was "nothing to check", ok: with no role to check, the pull is not known to work.
    name: 'no node role known (none configured, no node group, no node profile): unknown',
    snapshot: snapshot({ cluster: noNodeRoles }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['IAM_FACTS_MISSING'],
    },
  },
  {
    name: 'no node role configured, one found through its EKS node group: known',
    snapshot: snapshot({
      cluster: noNodeRoles,
      nodeGroups: [{ name: 'general', nodeRoleArn: NODE_ROLE }],
    }),
    iam: iam(),
    expected: ok('node-role'),
    nearMissOf: ['IAM_FACTS_MISSING'],
  },
  {
    name: 'node role policy with a condition the engine cannot decide',
    snapshot: snapshot(),
    iam: iam(
      role(NODE_ROLE, {
        managedPolicies: [
          {
            Statement: {
              ...NODE_POLICY.Statement[0],
              Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
            },
          },
        ],
      }),
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['CONDITION_UNDECIDED'],
    },
  },
  {
    name: 'ECR repository in another region (common mistake)',
    snapshot: snapshot({
      deployments: [
        deployment({
          image: `${ACCT}.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1`,
        }),
      ],
    }),
    iam: iamWithShopWebIn({ 'eu-west-1': false, 'us-east-1': true }),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ECR_REGION_MISMATCH'],
    },
    // Missing where the image names it, present in another region: not "does not exist".
    nearMissOf: ['ECR_REPOSITORY_NOT_FOUND'],
  },
  {
    name: 'repository that does not exist in any region (a typo, or never created): not ok',
    snapshot: snapshot(),
    iam: iamWithShopWebIn({ 'us-east-1': false }),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ECR_REPOSITORY_NOT_FOUND'],
    },
  },
  {
    name: "repository created in another region than the image's (common mistake)",
    snapshot: snapshot(),
    iam: iamWithShopWebIn({ 'us-east-1': false, 'us-west-2': true }),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ECR_REGION_MISMATCH'],
    },
  },
  {
    name: 'cross-region pull from an existing repository',
    snapshot: snapshot({
      deployments: [
        deployment({
          image: `${ACCT}.dkr.ecr.us-west-2.amazonaws.com/shop/web:1`,
        }),
      ],
    }),
    // The collector reads the pulled repository (and its policy: none) in its own region.
    iam: {
      ...iam(),
      repositories: [
        ...iam().repositories!,
        {
          accountId: ACCT,
          region: 'us-west-2',
          name: 'shop/web',
          exists: true,
        },
      ],
    },
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['ECR_REGION_MISMATCH'],
    },
  },
  {
    name: 'cross-account pull allowed by the repository policy',
    snapshot: snapshot({
      deployments: [deployment({ image: otherRepoImage })],
    }),
    iam: {
      ...iam(),
      repositories: [
        {
          accountId: OTHER_ACCT,
          region: 'us-east-1',
          name: 'base/runtime',
          exists: true,
          policy: {
            Statement: {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
              Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
            },
          },
        },
      ],
    },
    expected: ok('node-role'),
    nearMissOf: ['CROSS_ACCOUNT_NOT_ALLOWED'],
  },
  {
    name: 'cross-account pull without a repository policy',
    snapshot: snapshot({
      deployments: [deployment({ image: otherRepoImage })],
    }),
    iam: {
      ...iam(),
      repositories: [
        {
          accountId: OTHER_ACCT,
          region: 'us-east-1',
          name: 'base/runtime',
          exists: true,
        },
      ],
    },
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['CROSS_ACCOUNT_NOT_ALLOWED'],
    },
  },
  {
    name: 'cross-account repository policy that names another role',
    snapshot: snapshot({
      deployments: [deployment({ image: otherRepoImage })],
    }),
    iam: {
      ...iam(),
      repositories: [
        {
          accountId: OTHER_ACCT,
          region: 'us-east-1',
          name: 'base/runtime',
          exists: true,
          policy: JSON.stringify({
            Statement: {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCT}:role/ci` },
              Action: 'ecr:*',
            },
          }),
        },
      ],
    },
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['CROSS_ACCOUNT_NOT_ALLOWED'],
    },
  },
  {
    name: 'cross-account repository not read',
    snapshot: snapshot({
      deployments: [deployment({ image: otherRepoImage })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['IAM_FACTS_MISSING'],
    },
  },
  {
    name: 'public.ecr.aws image is anonymous',
    snapshot: snapshot({
      deployments: [deployment({ image: 'public.ecr.aws/nginx/nginx:1.27' })],
    }),
    iam: iam(),
    expected: ok('anonymous'),
  },
  {
    name: 'Docker Hub image is anonymous',
    snapshot: snapshot({ deployments: [deployment({ image: 'nginx:1.27' })] }),
    iam: iam(),
    expected: ok('anonymous'),
  },
  {
    name: 'init container from ECR, app from Docker Hub',
    snapshot: snapshot({
      deployments: [deployment({ image: 'nginx', initImage: IMAGE })],
    }),
    iam: iam(),
    expected: { ...ok('anonymous'), pullAuths: ['node-role', 'anonymous'] },
  },
  {
    name: 'Fargate pods pull with the pod execution role',
    snapshot: snapshot({
      cluster: cluster({
        fargate: { namespaces: ['shop'], podExecutionRoleArns: [NODE_ROLE] },
      }),
    }),
    iam: iam(),
    expected: ok('fargate-role', 'none'),
  },
];
