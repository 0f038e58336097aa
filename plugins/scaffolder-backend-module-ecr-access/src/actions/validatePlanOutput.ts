import type { z as zod } from 'zod/v3';

type Z = typeof zod;

/** The outputs of `ecr-access:plan:validate`: what the provisioning step would do, and the image. */
export const validatePlanOutput = {
  roleArn: (z: Z) =>
    z.string({
      description:
        'ARN of the IAM role the provisioning step will create or reuse: later steps may render it before it exists',
    }),
  roleName: (z: Z) => z.string({ description: 'Name of that IAM role' }),
  outcome: (z: Z) =>
    z.enum(['would-create', 'would-reuse'], {
      description:
        'What the provisioning step would do with the role, as IAM holds it now',
    }),
  oidcProviderArn: (z: Z) =>
    z.string({
      description:
        "ARN of the cluster's IAM OIDC provider, found in the account",
    }),
  serviceAccount: (z: Z) =>
    z.string({ description: 'namespace/name of the ServiceAccount' }),
  serviceAccountOutcome: (z: Z) =>
    z.enum(['would-create', 'would-patch', 'unchanged'], {
      description:
        'What the provisioning step would do with the ServiceAccount, as the cluster holds it now',
    }),
  annotations: (z: Z) =>
    z.record(z.string(), {
      description:
        'The annotations the ServiceAccount will carry (eks.amazonaws.com/role-arn, and ecr-role-arn where the kubelets pull with service-account tokens)',
    }),
  image: (z: Z) =>
    z
      .string({
        description:
          'The image reference <registry>/<repository>:<tag>, when image was given',
      })
      .optional(),
};
