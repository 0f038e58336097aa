import { oidcProviderArn, IRSA_AUDIENCE } from './trust';
import { normalizeIssuer } from './iamFacts';
import { ECR_PULL_ACTIONS } from './ecrPermissions';

/**
 * The trust policy that admits exactly one ServiceAccount of one cluster
 * (EKS user guide, "Assign IAM roles to Kubernetes service accounts").
 *
 * @public
 */
export function buildIrsaTrustPolicy(opts: {
  accountId: string;
  partition?: string;
  issuer: string;
  namespace: string;
  serviceAccount: string;
}) {
  const issuer = normalizeIssuer(opts.issuer);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Federated: oidcProviderArn({
            accountId: opts.accountId,
            partition: opts.partition ?? 'aws',
            issuer,
          }),
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${opts.namespace}:${opts.serviceAccount}`,
            [`${issuer}:aud`]: IRSA_AUDIENCE,
          },
        },
      },
    ],
  };
}

/**
 * Least-privilege pull policy: GetAuthorizationToken on "*" (it takes no
 * resource) and the pull actions scoped to the given repositories.
 *
 * @public
 */
export function buildEcrPullPolicy(opts: { repositoryArns: string[] }) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EcrAuthorizationToken',
        Effect: 'Allow',
        Action: 'ecr:GetAuthorizationToken',
        Resource: '*',
      },
      {
        Sid: 'EcrPull',
        Effect: 'Allow',
        Action: [...ECR_PULL_ACTIONS, 'ecr:BatchCheckLayerAvailability'],
        Resource: [...opts.repositoryArns],
      },
    ],
  };
}
