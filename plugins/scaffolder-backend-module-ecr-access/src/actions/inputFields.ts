import type { z as zod } from 'zod/v3';
import {
  IAM_ROLE_ARN,
  dns1123LabelField,
  dns1123SubdomainField,
} from './kubernetesNames';

type Z = typeof zod;

/** A zod string field that must not be empty; its message names `field`. */
export function nonEmptyStringField(field: string, description: string) {
  return (z: Z) =>
    z.string({ description }).min(1, { message: `${field} must not be empty` });
}

/** The field, made optional: a field builder shared by an action that requires it and one that does not. */
export function optionalField<T extends zod.ZodTypeAny>(field: (z: Z) => T) {
  return (z: Z) => field(z).optional();
}

/**
 * The zod fields the provisioning actions share; their descriptions are the wizard's
 * documentation and their messages name the field.
 */
export const inputFields = {
  cluster: nonEmptyStringField(
    'cluster',
    'Name of the EKS cluster, one of ecrAccess.clusters (its account, region and OIDC issuer come from there)',
  ),
  namespace: dns1123LabelField(
    'namespace',
    'Kubernetes namespace of the ServiceAccount',
  ),
  serviceAccountName: dns1123SubdomainField(
    'serviceAccountName',
    'Name of the ServiceAccount; the role trusts exactly system:serviceaccount:<namespace>:<this>',
  ),
  roleName: (z: Z) =>
    z
      .string({
        description:
          'IAM role name, after the configured prefix (default <namespace>-<serviceAccountName>); at most 64 characters of [A-Za-z0-9+=,.@_-] in all',
      })
      .regex(/^[\w+=,.@-]{1,64}$/, {
        message:
          'roleName must be 1-64 characters of letters, digits and +=,.@_- (IAM RoleName)',
      })
      .optional(),
  repositories: (z: Z) =>
    z
      .array(
        z
          .string({
            description:
              "ECR repository name in the cluster's account and region (payments/api), or a repository ARN in the cluster's partition",
          })
          .regex(/^[^*?\s]+$/, {
            message: 'repositories must not contain wildcards or spaces',
          }),
        {
          description:
            'The ECR repositories the service pulls from; the pull policy names exactly these',
        },
      )
      .min(1, { message: 'repositories must name at least one repository' }),
  entityRef: (z: Z) =>
    z
      .string({
        description:
          'Entity ref of the catalog entity the role serves (component:default/payments-api); tagged backstage.io/entity-ref on the role',
      })
      .regex(/^[a-zA-Z][\w-]*:([\w.-]+\/)?[\w.-]+$/, {
        message:
          'entityRef must be an entity ref such as component:default/payments-api',
      }),
  roleArn: (z: Z) =>
    z
      .string({
        description:
          'ARN of the IAM role, as output by ecr-access:irsa:role:create',
      })
      .regex(IAM_ROLE_ARN, {
        message:
          'roleArn must be an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>',
      }),
  kubernetesId: optionalField(
    dns1123LabelField(
      'kubernetesId',
      'Value of the backstage.io/kubernetes-id label, by which Backstage finds the ServiceAccount (default: the entity name of entityRef, else serviceAccountName)',
    ),
  ),
  adopt: (z: Z) =>
    z
      .boolean({
        description:
          'Patch a ServiceAccount that another tool manages (Helm, eksctl); otherwise such a ServiceAccount is refused',
      })
      .default(false),
};

/** Which ServiceAccount of which cluster: the first inputs of every provisioning action. */
const serviceAccountTarget = {
  cluster: inputFields.cluster,
  namespace: inputFields.namespace,
  serviceAccountName: inputFields.serviceAccountName,
};

/** How the ServiceAccount is labelled and whether another tool's may be patched. */
export const serviceAccountOptions = {
  kubernetesId: inputFields.kubernetesId,
  adopt: inputFields.adopt,
};

/** The inputs of the role step: `ecr-access:irsa:role:create`'s, and the first of provision. */
export const roleInputSchema = {
  ...serviceAccountTarget,
  repositories: inputFields.repositories,
  entityRef: inputFields.entityRef,
  roleName: inputFields.roleName,
};

/** The inputs of `ecr-access:serviceaccount:apply`: the role comes from an earlier step. */
export const serviceAccountInputSchema = {
  ...serviceAccountTarget,
  roleArn: inputFields.roleArn,
  entityRef: optionalField(inputFields.entityRef),
  ...serviceAccountOptions,
};
