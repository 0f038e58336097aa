/*
 * Classifier fixtures: findings a working fallback must not hide, and roles that are in play
 * for the pull or the pod's own calls (issue #14, "Never mask a finding", "every role in play").
 */
import {
  cluster,
  deployment,
  iam,
  IMAGE,
  irsaTrust,
  PULL_ROLE,
  pullPolicy,
  REGISTRY,
  regcredCronJob,
  role,
  secret,
  serviceAccount,
  snapshot,
  WEB_ROLE,
} from './classify.builders';
import {
  ClassifyFixture,
  irsaSa,
  ok,
  pullSa,
  regcredWorld,
  tokenCluster,
} from './classify.shared';

const broadRuntime = (statement: object) =>
  iam(
    role(WEB_ROLE, {
      trustPolicy: irsaTrust(),
      inlinePolicies: [{ Version: '2012-10-17', Statement: statement }],
    }),
  );

/** The default image's ECR host written otherwise than the kubelet's credential lookup matches. */
const writtenOtherwise = (host: (registry: string) => string) =>
  IMAGE.replace(REGISTRY, host(REGISTRY));

export const truthfulCases: ClassifyFixture[] = [
  {
    // review8 case 8: the credential provider's matchImages carry no port; ports must be equal.
    name: 'ECR image written with :443, node role that can pull: unknown, not ok',
    snapshot: snapshot({
      deployments: [deployment({ image: writtenOtherwise(r => `${r}:443`) })],
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
    name: 'ECR image host in capitals, regcred for the host: unknown, not the secret',
    snapshot: snapshot({
      ...regcredWorld,
      cluster: cluster(),
      deployments: [
        deployment({
          image: writtenOtherwise(r => r.toUpperCase()),
          pullSecrets: ['regcred'],
        }),
      ],
      secrets: [secret({ writtenHoursAgo: 1 })],
      cronJobs: [regcredCronJob({ lastSuccessHoursAgo: 1 })],
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
    name: 'rotating secret whose suspended refresher let it expire, node role covering',
    snapshot: snapshot({
      ...regcredWorld,
      cluster: cluster(),
      deployments: [deployment({ pullSecrets: ['regcred'] })],
      secrets: [secret({ writtenHoursAgo: 40 })],
      cronJobs: [regcredCronJob({ suspend: true, lastSuccessHoursAgo: 40 })],
    }),
    iam: iam(),
    // The pull works (a warning), the refresher is broken (an error of its own): both kept.
    expected: {
      pullAuth: 'rotating-secret',
      pullAuths: ['node-role', 'rotating-secret'],
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: [
        'REFRESHER_FAILING',
        'SECRET_EXPIRED',
        'SECRET_MASKED_BY_NODE_ROLE',
      ],
    },
  },
  {
    name: 'expired secret on a token cluster whose ECR pull role does not trust the ServiceAccount',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web', pullSecrets: ['regcred'] })],
      secrets: [secret({ writtenHoursAgo: 30 })],
    }),
    iam: iam(
      role(PULL_ROLE, {
        trustPolicy: irsaTrust('shop-staging'),
        inlinePolicies: [pullPolicy()],
      }),
    ),
    // A role that cannot be assumed covers for nothing.
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SECRET_EXPIRED', 'TRUST_POLICY_MISMATCH'],
    },
    nearMissOf: ['SECRET_MASKED_BY_NODE_ROLE'],
  },
  {
    name: 'runtime role allowed every ECR action on a node-role cluster',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: broadRuntime({ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'warning',
      codes: ['IRSA_NOT_USED_FOR_PULLS', 'POLICY_TOO_BROAD'],
    },
  },
  {
    name: 'runtime role allowed to push to its own repository',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: broadRuntime({
      Effect: 'Allow',
      Action: ['ecr:PutImage', 'ecr:InitiateLayerUpload'],
      Resource: 'arn:aws:ecr:us-east-1:111122223333:repository/shop/web',
    }),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'warning',
      codes: ['IRSA_NOT_USED_FOR_PULLS', 'POLICY_TOO_BROAD'],
    },
  },
  {
    name: 'runtime role without ECR permissions is not too broad',
    snapshot: snapshot({
      serviceAccounts: [irsaSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: broadRuntime({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    expected: {
      ...ok('node-role', 'irsa'),
      codes: ['IRSA_NOT_USED_FOR_PULLS'],
    },
    nearMissOf: ['POLICY_TOO_BROAD'],
  },
  {
    name: 'one role for runtime and pulls on a token cluster is checked once',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [
        serviceAccount({ roleArn: PULL_ROLE, ecrRoleArn: PULL_ROLE }),
      ],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(PULL_ROLE, {
        trustPolicy: irsaTrust(),
        inlinePolicies: [
          {
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Action: 'ecr:*', Resource: '*' },
          },
        ],
      }),
    ),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'irsa',
      health: 'warning',
      codes: ['POLICY_TOO_BROAD'],
    },
  },
  {
    name: 'trust policy that denies every principal (Principal "*") admits no ServiceAccount',
    snapshot: snapshot({
      cluster: tokenCluster,
      serviceAccounts: [pullSa],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(PULL_ROLE, {
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            ...irsaTrust().Statement,
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 'sts:AssumeRoleWithWebIdentity',
            },
          ],
        },
        inlinePolicies: [pullPolicy()],
      }),
    ),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['TRUST_POLICY_MISMATCH'],
    },
  },
  {
    name: 'suspended refresher of a fresh secret, with a node role that would pull in its place',
    snapshot: snapshot({
      ...regcredWorld,
      cluster: cluster(),
      deployments: [deployment({ pullSecrets: ['regcred'] })],
      secrets: [secret({ writtenHoursAgo: 3 })],
      cronJobs: [regcredCronJob({ suspend: true, lastSuccessHoursAgo: 3 })],
    }),
    iam: iam(),
    // The refresher is broken, whoever would pull once the token expires: an error.
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_FAILING'],
    },
  },
  {
    name: 'secret of unread hosts beside a private Docker Hub image is not taken for the ECR token',
    snapshot: snapshot({
      deployments: [
        deployment({
          sidecarImage: 'acmecorp/search-proxy:2.3',
          pullSecrets: ['dockerhub-creds'],
        }),
      ],
      secrets: [secret({ name: 'dockerhub-creds', writtenHoursAgo: 2160 })],
    }),
    iam: iam(),
    // Kubernetes "Images": a secret serves only the registries it has entries for.
    expected: { ...ok('node-role'), pullAuths: ['node-role', 'static-secret'] },
    nearMissOf: ['SECRET_EXPIRED', 'SECRET_MASKED_BY_NODE_ROLE'],
  },
];
