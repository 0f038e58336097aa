/* Named cases of the classifier: each states the mechanism, the runtime identity, the health and the exact finding codes. */
import {
  FindingCode,
  Health,
  PullAuth,
  RuntimeIdentity,
} from '@ecr-access/plugin-ecr-access-common';
import { ClusterSnapshot } from './snapshot';
import { IamFacts } from './iamFacts';
import {
  ACCT,
  cluster,
  deployment,
  externalSecret,
  iam,
  IMAGE,
  irsaTrust,
  NODE_POLICY,
  NODE_ROLE,
  OTHER_ACCT,
  PULL_ROLE,
  pullPolicy,
  REGISTRY,
  REPO_ARN,
  regcredCronJob,
  role,
  secret,
  secretRole,
  secretRoleBinding,
  serviceAccount,
  snapshot,
  WEB_ROLE,
} from './classify.fixtureBuilders';

export interface ClassifyFixture {
  name: string;
  snapshot: ClusterSnapshot;
  iam: IamFacts;
  expected: {
    pullAuth: PullAuth;
    pullAuths?: PullAuth[];
    runtimeIdentity: RuntimeIdentity;
    health: Health;
    codes: FindingCode[];
  };
  /** Codes this case is a near miss of: it looks like them but must not produce them. */
  nearMissOf?: FindingCode[];
}

const ok = (
  pullAuth: PullAuth,
  runtimeIdentity: RuntimeIdentity = 'node-role',
) => ({ pullAuth, runtimeIdentity, health: 'ok' as Health, codes: [] });
const tokenCluster = cluster({ imagePullAuth: 'service-account-token' });
const noNodeRoles = cluster({ nodeRoleArns: [] });
const irsaSa = serviceAccount({ roleArn: WEB_ROLE });
const pullSa = serviceAccount({ ecrRoleArn: PULL_ROLE });
const otherRepoImage = `${OTHER_ACCT}.dkr.ecr.us-east-1.amazonaws.com/base/runtime:3`;
const otherRepoArn = `arn:aws:ecr:us-east-1:${OTHER_ACCT}:repository/base/runtime`;
const regcredWorld = {
  serviceAccounts: [
    serviceAccount(),
    serviceAccount({ name: 'ecr-cred-helper', labels: {} }),
  ],
  secrets: [secret({ writtenHoursAgo: 2 })],
  cronJobs: [regcredCronJob({ lastSuccessHoursAgo: 2 })],
  roles: [secretRole()],
  roleBindings: [secretRoleBinding()],
};
const withRegcred = (over: Partial<ClusterSnapshot>) =>
  snapshot({
    cluster: noNodeRoles,
    deployments: [deployment({ pullSecrets: ['regcred'] })],
    ...over,
  });

const nodeRoleCases: ClassifyFixture[] = [
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
    name: 'node roles not configured: nothing to check',
    snapshot: snapshot({ cluster: noNodeRoles }),
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
    iam: {
      ...iam(),
      repositories: [
        {
          accountId: ACCT,
          region: 'eu-west-1',
          name: 'shop/web',
          exists: false,
        },
        {
          accountId: ACCT,
          region: 'us-east-1',
          name: 'shop/web',
          exists: true,
        },
      ],
    },
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
    iam: iam(),
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

const irsaCases: ClassifyFixture[] = [
  {
    name: 'IRSA runtime role on a node-role cluster',
    snapshot: snapshot({
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
    nearMissOf: [
      'TRUST_POLICY_MISMATCH',
      'TRUST_POLICY_TOO_BROAD',
      'OIDC_PROVIDER_MISSING',
      'SA_NOT_USED_BY_WORKLOAD',
      'ROLE_NOT_FOUND',
      'CONDITION_UNDECIDED',
    ],
  },
  {
    name: 'ecr-role-arn on a node-role cluster (relying on the node role)',
    snapshot: snapshot({
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'ServiceAccount not used by the Deployment (common mistake)',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment()],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SA_NOT_USED_BY_WORKLOAD'],
    },
  },
  {
    name: "another entity's IRSA ServiceAccount in the namespace",
    snapshot: snapshot({
      serviceAccounts: [
        serviceAccount({
          name: 'billing',
          roleArn: WEB_ROLE,
          labels: { 'backstage.io/kubernetes-id': 'billing' },
        }),
      ],
      deployments: [deployment()],
    }),
    iam: iam(),
    expected: ok('node-role'),
    nearMissOf: ['SA_NOT_USED_BY_WORKLOAD'],
  },
  {
    name: 'ServiceAccount named by the Deployment does not exist',
    snapshot: snapshot({
      serviceAccounts: [],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SA_MISSING'],
    },
  },
  {
    name: 'default ServiceAccount omitted from the list is not missing',
    snapshot: snapshot({ serviceAccounts: [] }),
    iam: iam(),
    expected: ok('node-role'),
    nearMissOf: ['SA_MISSING'],
  },
  {
    name: 'trust policy for the wrong namespace (common mistake)',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(role(WEB_ROLE, { trustPolicy: irsaTrust('default', 'web') })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'error',
      codes: ['TRUST_POLICY_MISMATCH', 'IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: "trust policy for another cluster's issuer",
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(WEB_ROLE, {
        trustPolicy: JSON.stringify(irsaTrust())
          .split('PROD1')
          .join('STAGING2'),
      }),
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'error',
      codes: ['TRUST_POLICY_MISMATCH', 'IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'trust policy with a wildcard sub',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(WEB_ROLE, {
        trustPolicy: JSON.stringify(irsaTrust())
          .replace('"StringEquals"', '"StringLike"')
          .replace('serviceaccount:shop:web', 'serviceaccount:shop:*'),
      }),
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'warning',
      codes: ['TRUST_POLICY_TOO_BROAD', 'IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'trust policy without an aud condition',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(WEB_ROLE, {
        trustPolicy: {
          Statement: {
            Effect: 'Allow',
            Principal: {
              Federated: `arn:aws:iam::${ACCT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/PROD1`,
            },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                'oidc.eks.us-east-1.amazonaws.com/id/PROD1:sub':
                  'system:serviceaccount:shop:web',
              },
            },
          },
        },
      }),
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'warning',
      codes: ['TRUST_POLICY_TOO_BROAD', 'IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'trust policy with Principal "*"',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(WEB_ROLE, {
        trustPolicy: {
          Statement: { ...irsaTrust().Statement[0], Principal: '*' },
        },
      }),
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'warning',
      codes: ['TRUST_POLICY_TOO_BROAD', 'IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'trust policy with a condition on another key',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(WEB_ROLE, {
        trustPolicy: {
          Statement: {
            ...irsaTrust().Statement[0],
            Condition: {
              ...irsaTrust().Statement[0].Condition,
              IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
            },
          },
        },
      }),
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'unknown',
      codes: ['CONDITION_UNDECIDED', 'IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'trust policy JSON is broken',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(role(WEB_ROLE, { trustPolicy: '%7B%22Version%22%3A' })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'unknown',
      codes: ['INPUT_MALFORMED', 'IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'missing OIDC provider (common mistake)',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: {
      ...iam(),
      oidcProviders: { [ACCT]: ['oidc.eks.us-east-1.amazonaws.com/id/OTHER'] },
    },
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'error',
      codes: ['OIDC_PROVIDER_MISSING', 'IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'role named by the ServiceAccount does not exist',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(role(WEB_ROLE, { exists: false })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'error',
      codes: ['ROLE_NOT_FOUND', 'IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'cluster issuer not configured',
    snapshot: snapshot({
      cluster: cluster({ oidcIssuer: undefined }),
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'unknown',
      codes: ['IAM_FACTS_MISSING', 'IRSA_NOT_USED_FOR_PULLS'],
    },
  },
  {
    name: 'EKS Pod Identity for runtime calls',
    snapshot: snapshot({
      podIdentityAssociations: [
        { namespace: 'shop', serviceAccount: 'web', roleArn: WEB_ROLE },
      ],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(),
    expected: ok('node-role', 'pod-identity'),
    nearMissOf: ['IRSA_NOT_USED_FOR_PULLS'],
  },
];

const pullRoleCases: ClassifyFixture[] = [
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

const secretCases: ClassifyFixture[] = [
  {
    name: 'static secret that expired 3 days ago',
    snapshot: withRegcred({ secrets: [secret({ writtenHoursAgo: 84 })] }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SECRET_EXPIRED'],
    },
  },
  {
    name: 'expired static secret masked by the node role',
    snapshot: withRegcred({
      cluster: cluster(),
      secrets: [secret({ writtenHoursAgo: 84 })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_MASKED_BY_NODE_ROLE'],
    },
    nearMissOf: ['SECRET_EXPIRED'],
  },
  {
    name: 'expired static secret when the node role cannot pull the repository',
    snapshot: withRegcred({
      cluster: cluster(),
      secrets: [secret({ writtenHoursAgo: 13 })],
    }),
    iam: iam(
      role(NODE_ROLE, {
        managedPolicies: [
          pullPolicy(['arn:aws:ecr:us-east-1:111122223333:repository/other']),
        ],
      }),
    ),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SECRET_EXPIRED'],
    },
    nearMissOf: ['SECRET_MASKED_BY_NODE_ROLE'],
  },
  {
    name: 'static secret written 3 h ago expires within the day',
    snapshot: withRegcred({ secrets: [secret({ writtenHoursAgo: 3 })] }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
    nearMissOf: ['SECRET_EXPIRED'],
  },
  {
    name: 'regcred refresher: healthy',
    snapshot: withRegcred(regcredWorld),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: [
      'REFRESHER_FAILING',
      'REFRESHER_TOO_SLOW',
      'SECRET_EXPIRES_SOON',
      'SECRET_MISSING',
      'INPUT_MALFORMED',
    ],
  },
  {
    name: 'regcred refresher: failing for 20 h',
    snapshot: withRegcred({
      ...regcredWorld,
      secrets: [secret({ writtenHoursAgo: 20 })],
      cronJobs: [regcredCronJob({ lastSuccessHoursAgo: 20 })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_FAILING', 'SECRET_EXPIRED'],
    },
  },
  {
    name: 'regcred refresher: suspended',
    snapshot: withRegcred({
      ...regcredWorld,
      secrets: [secret({ writtenHoursAgo: 5 })],
      cronJobs: [regcredCronJob({ suspend: true, lastSuccessHoursAgo: 5 })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_FAILING'],
    },
  },
  {
    name: 'regcred refresher on a daily schedule',
    snapshot: withRegcred({
      ...regcredWorld,
      cronJobs: [
        regcredCronJob({ schedule: '0 0 * * *', lastSuccessHoursAgo: 2 }),
      ],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_TOO_SLOW'],
    },
  },
  {
    name: 'regcred refresher with an unparsable schedule',
    snapshot: withRegcred({
      ...regcredWorld,
      cronJobs: [
        regcredCronJob({ schedule: '0 */6 * *', lastSuccessHoursAgo: 2 }),
      ],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
  {
    name: 'refresher found by name when RBAC is broad',
    snapshot: withRegcred({ ...regcredWorld, roles: [secretRole({})] }),
    iam: iam(),
    expected: ok('rotating-secret'),
  },
  {
    name: 'CronJob with broad secret RBAC that does not name the secret is not a refresher',
    snapshot: withRegcred({
      ...regcredWorld,
      secrets: [secret({ writtenHoursAgo: 1 })],
      roles: [secretRole({})],
      cronJobs: [
        regcredCronJob({ namesSecret: false, lastSuccessHoursAgo: 1 }),
      ],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
  },
  {
    name: 'External Secrets ECRAuthorizationToken generator',
    snapshot: withRegcred({
      secrets: [
        secret({
          writtenHoursAgo: 0.5,
          manager: 'external-secrets',
          ownerEs: 'ecr-token',
        }),
      ],
      externalSecrets: [externalSecret()],
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
  },
  {
    name: 'ExternalSecret that is not Ready',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 5, manager: 'external-secrets' })],
      externalSecrets: [externalSecret({ ready: false })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_FAILING'],
    },
  },
  {
    name: 'ExternalSecret refreshing every 24 h',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 1, manager: 'external-secrets' })],
      externalSecrets: [externalSecret({ refreshInterval: '24h' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_TOO_SLOW'],
    },
  },
  {
    name: "pull secret from the ServiceAccount's imagePullSecrets",
    snapshot: snapshot({
      cluster: noNodeRoles,
      serviceAccounts: [serviceAccount({ pullSecrets: ['regcred'] })],
      deployments: [deployment({ sa: 'web' })],
      secrets: [secret({ writtenHoursAgo: 4 })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
  },
  {
    name: "the pod's imagePullSecrets win over the ServiceAccount's",
    snapshot: withRegcred({
      ...regcredWorld,
      serviceAccounts: [serviceAccount({ pullSecrets: ['old-cred'] })],
      deployments: [deployment({ sa: 'web', pullSecrets: ['regcred'] })],
      secrets: [
        secret({ writtenHoursAgo: 2 }),
        secret({ name: 'old-cred', writtenHoursAgo: 900 }),
      ],
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: ['SECRET_EXPIRED'],
  },
  {
    name: 'named pull secret missing, node role pulls',
    snapshot: snapshot({
      deployments: [deployment({ pullSecrets: ['regcred'] })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_MISSING', 'SECRET_MASKED_BY_NODE_ROLE'],
    },
  },
  {
    name: "pull secret without an entry for the image's registry",
    snapshot: snapshot({
      deployments: [deployment({ pullSecrets: ['regcred'] })],
      secrets: [secret({ writtenHoursAgo: 1, hosts: ['ghcr.io'] })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_REGISTRY_MISMATCH', 'SECRET_MASKED_BY_NODE_ROLE'],
    },
  },
  {
    name: 'pull secret key with a scheme matches the registry',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 1, hosts: [`https://${REGISTRY}`] })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
    nearMissOf: ['SECRET_REGISTRY_MISMATCH'],
  },
  {
    name: 'broken .dockerconfigjson',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 1, dockerConfigJson: '{"auths": ' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
  {
    name: 'Secrets could not be listed',
    snapshot: withRegcred({ forbidden: { secrets: true } }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['SECRETS_NOT_READABLE'],
    },
  },
  {
    name: 'Secrets forbidden but the workload names no pull secret',
    snapshot: snapshot({ forbidden: { secrets: true } }),
    iam: iam(),
    expected: ok('node-role'),
    nearMissOf: ['SECRETS_NOT_READABLE'],
  },
  {
    name: 'CronJobs forbidden but an ExternalSecret refreshes the secret',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 0.5, manager: 'external-secrets' })],
      externalSecrets: [externalSecret()],
      forbidden: { cronJobs: true },
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: ['OBJECTS_NOT_READABLE'],
  },
  {
    name: 'CronJobs could not be listed: static or rotating is unknown',
    snapshot: withRegcred({
      secrets: [secret({ writtenHoursAgo: 2 })],
      forbidden: { cronJobs: true },
    }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
  },
  {
    name: 'a Docker Hub pull secret does not expire',
    snapshot: withRegcred({
      deployments: [
        deployment({ image: 'acme/private-app:3', pullSecrets: ['regcred'] }),
      ],
      secrets: [
        secret({
          writtenHoursAgo: 900,
          hosts: ['https://index.docker.io/v1/'],
        }),
      ],
    }),
    iam: iam(),
    expected: ok('static-secret'),
    nearMissOf: ['SECRET_EXPIRED', 'SECRET_EXPIRES_SOON'],
  },
];

const malformedCases: ClassifyFixture[] = [
  {
    name: 'image reference that cannot be parsed',
    snapshot: snapshot({
      deployments: [deployment({ image: 'Not An Image' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
  {
    name: 'Deployment without containers',
    snapshot: snapshot({
      deployments: [
        {
          metadata: { name: 'web', namespace: 'shop' },
          spec: { template: { spec: {} } },
        },
      ],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
  {
    name: 'ServiceAccounts could not be listed',
    snapshot: snapshot({
      deployments: [deployment({ sa: 'web' })],
      serviceAccounts: [],
      forbidden: { serviceAccounts: true },
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
  },
  {
    name: 'cluster config with an unknown imagePullAuth',
    snapshot: snapshot({
      cluster: { ...cluster(), imagePullAuth: 'kubelet-magic' as never },
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
];

export const CLASSIFY_FIXTURES: ClassifyFixture[] = [
  ...nodeRoleCases,
  ...irsaCases,
  ...pullRoleCases,
  ...secretCases,
  ...malformedCases,
];
