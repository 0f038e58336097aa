import type { z as zod } from 'zod/v3';

type Z = typeof zod;

/** Outputs of the ServiceAccount step, shared by serviceaccount:apply and provision. */
export const serviceAccountOutputFields = {
  serviceAccount: (z: Z) =>
    z.string({ description: 'namespace/name of the ServiceAccount' }),
  serviceAccountOutcome: (z: Z) =>
    z.enum(['created', 'patched', 'unchanged', 'would-create', 'would-patch'], {
      description:
        'created, patched (labels and annotations merged), unchanged (no write), or in a dry run would-create / would-patch',
    }),
  annotations: (z: Z) =>
    z.record(z.string(), {
      description:
        'The annotations set: eks.amazonaws.com/role-arn, and eks.amazonaws.com/ecr-role-arn where kubelets pull with service-account tokens',
    }),
};
