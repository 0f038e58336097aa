/* EKS Pod Identity, completed (issue #20): the association's role and how it meets IRSA. */
import {
  ACCT,
  cluster,
  deployment,
  iam,
  irsaTrust,
  pullPolicy,
  role,
  serviceAccount,
  snapshot,
  WEB_ROLE,
} from './classify.builders';
import { ClassifyFixture, ok } from './classify.shared';

export const POD_ROLE = `arn:aws:iam::${ACCT}:role/web-pod-identity`;
const NO_ECR_NODE_ROLE = `arn:aws:iam::${ACCT}:role/eks-node-no-ecr`;

/** The trust policy of the EKS User Guide's "Create a Pod Identity association". */
export function podIdentityTrust(
  actions = ['sts:AssumeRole', 'sts:TagSession'],
) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: actions,
      },
    ],
  };
}

const association = (roleArn = POD_ROLE) => ({
  namespace: 'shop',
  serviceAccount: 'web',
  roleArn,
});
const podRole = (trustPolicy: unknown = podIdentityTrust()) =>
  role(POD_ROLE, { trustPolicy: trustPolicy as never });

export const podIdentityCases: ClassifyFixture[] = [
  {
    name: 'EKS Pod Identity for runtime calls',
    snapshot: snapshot({
      podIdentityAssociations: [association()],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(podRole()),
    expected: ok('node-role', 'pod-identity'),
    nearMissOf: [
      'IRSA_NOT_USED_FOR_PULLS',
      'POD_IDENTITY_TRUST_MISMATCH',
      'POD_IDENTITY_SHADOWED_BY_IRSA',
    ],
  },
  {
    name: 'Pod Identity role that trusts the OIDC provider instead (common mistake)',
    snapshot: snapshot({
      podIdentityAssociations: [association(WEB_ROLE)],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'pod-identity',
      health: 'error',
      codes: ['POD_IDENTITY_TRUST_MISMATCH'],
    },
  },
  {
    name: 'Pod Identity role trusted for sts:AssumeRole without sts:TagSession',
    snapshot: snapshot({
      podIdentityAssociations: [association()],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(podRole(podIdentityTrust(['sts:AssumeRole']))),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'pod-identity',
      health: 'error',
      codes: ['POD_IDENTITY_TRUST_MISMATCH'],
    },
  },
  {
    name: 'Pod Identity association naming a role that does not exist',
    snapshot: snapshot({
      podIdentityAssociations: [association()],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(role(POD_ROLE, { exists: false })),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'pod-identity',
      health: 'error',
      codes: ['ROLE_NOT_FOUND'],
    },
  },
  {
    name: 'IRSA annotation and Pod Identity association on one ServiceAccount (migration)',
    snapshot: snapshot({
      serviceAccounts: [serviceAccount({ roleArn: WEB_ROLE })],
      podIdentityAssociations: [association()],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(podRole()),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'ok',
      codes: ['IRSA_NOT_USED_FOR_PULLS', 'POD_IDENTITY_SHADOWED_BY_IRSA'],
    },
  },
  {
    name: 'ecr-role-arn naming the Pod Identity role (common mistake)',
    snapshot: snapshot({
      cluster: cluster({ imagePullAuth: 'service-account-token' }),
      serviceAccounts: [serviceAccount({ ecrRoleArn: POD_ROLE })],
      podIdentityAssociations: [association()],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(POD_ROLE, {
        trustPolicy: podIdentityTrust() as never,
        inlinePolicies: [pullPolicy()],
      }),
    ),
    expected: {
      pullAuth: 'service-account-role',
      runtimeIdentity: 'pod-identity',
      health: 'error',
      codes: ['POD_IDENTITY_NOT_FOR_PULLS', 'TRUST_POLICY_MISMATCH'],
    },
  },
  {
    name: 'Pod Identity role allowed the pull the node role cannot make (common mistake)',
    snapshot: snapshot({
      cluster: cluster({ nodeRoleArns: [NO_ECR_NODE_ROLE] }),
      podIdentityAssociations: [association()],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(NO_ECR_NODE_ROLE, { managedPolicies: [] }),
      role(POD_ROLE, {
        trustPolicy: podIdentityTrust() as never,
        inlinePolicies: [pullPolicy()],
      }),
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'pod-identity',
      health: 'error',
      codes: ['POD_IDENTITY_NOT_FOR_PULLS', 'ROLE_LACKS_ECR_PULL'],
    },
  },
  {
    name: 'Pod Identity role allowed to pull where the node role pulls too',
    snapshot: snapshot({
      podIdentityAssociations: [association()],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      role(POD_ROLE, {
        trustPolicy: podIdentityTrust() as never,
        inlinePolicies: [pullPolicy()],
      }),
    ),
    expected: ok('node-role', 'pod-identity'),
    nearMissOf: ['POD_IDENTITY_NOT_FOR_PULLS'],
  },
  {
    name: 'ecr-role-arn naming an IRSA pull role beside a Pod Identity association',
    snapshot: snapshot({
      cluster: cluster({ imagePullAuth: 'service-account-token' }),
      serviceAccounts: [serviceAccount({ ecrRoleArn: WEB_ROLE })],
      podIdentityAssociations: [association()],
      deployments: [deployment({ sa: 'web' })],
    }),
    iam: iam(
      podRole(),
      role(WEB_ROLE, {
        trustPolicy: irsaTrust(),
        inlinePolicies: [pullPolicy()],
      }),
    ),
    expected: ok('service-account-role', 'pod-identity'),
    nearMissOf: ['POD_IDENTITY_NOT_FOR_PULLS'],
  },
];
