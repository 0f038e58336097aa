/* Classifier fixtures: irsa cases. */
import {
  ACCT,
  cluster,
  deployment,
  iam,
  irsaTrust,
  role,
  serviceAccount,
  snapshot,
  WEB_ROLE,
  ISSUER_HOST,
} from './classify.builders';
import { ClassifyFixture, irsaSa, ok, pullSa } from './classify.shared';

export const irsaCases: ClassifyFixture[] = [
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
    // review7 case 9: `eks.amazonaws.com/role-arn: >` (a folded scalar) keeps a newline.
    name: 'IRSA role ARN annotated with a trailing newline: unknown, not ok',
    snapshot: snapshot({
      serviceAccounts: [serviceAccount({ roleArn: `${WEB_ROLE}\n` })],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'unknown',
      codes: ['IRSA_NOT_USED_FOR_PULLS', 'INPUT_MALFORMED'],
    },
  },
  {
    // Present but blank: the webhook injects AWS_ROLE_ARN=" ", and the pod's SDK calls fail.
    name: 'IRSA role annotation of a single space: unknown, not the node role',
    snapshot: snapshot({
      serviceAccounts: [serviceAccount({ roleArn: ' ' })],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
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
    name: 'unlabelled IRSA ServiceAccount named after the service, not used (eksctl-made)',
    snapshot: snapshot({
      serviceAccounts: [
        serviceAccount({ name: 'web', roleArn: WEB_ROLE, labels: {} }),
      ],
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
    // Only this issuer's tokens carry its :sub and :aud, and StringEquals on an absent key is
    // false (IAM "Condition operators"): pinned, Principal "*" admits this ServiceAccount alone.
    name: 'trust policy with Principal "*" whose :sub and :aud pin this ServiceAccount',
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
      ...ok('node-role', 'irsa'),
      codes: ['IRSA_NOT_USED_FOR_PULLS'],
    },
    nearMissOf: ['TRUST_POLICY_TOO_BROAD'],
  },
  {
    name: 'trust policy with Principal "*" and only the audience pinned',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(WEB_ROLE, {
        trustPolicy: {
          Statement: {
            Effect: 'Allow',
            Principal: '*',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' },
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
];
