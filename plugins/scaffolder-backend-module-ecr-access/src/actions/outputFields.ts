import type { z as zod } from 'zod/v3';

type Z = typeof zod;

/** Outputs of the role step, shared by role:create and provision. */
export const roleOutputFields = {
  roleArn: (z: Z) => z.string({ description: 'ARN of the IAM role' }),
  roleName: (z: Z) => z.string({ description: 'Name of the IAM role' }),
  outcome: (z: Z) =>
    z.enum(['created', 'reused', 'would-create', 'would-reuse'], {
      description:
        'created, reused (identical role found, no write), or in a dry run would-create / would-reuse',
    }),
  oidcProviderArn: (z: Z) =>
    z.string({
      description: "ARN of the cluster's IAM OIDC provider the role trusts",
    }),
  trustPolicy: (z: Z) =>
    z.string({ description: 'The trust policy of the role (JSON)' }),
  pullPolicy: (z: Z) =>
    z.string({
      description: 'The inline ECR pull policy of the role (JSON)',
    }),
};
