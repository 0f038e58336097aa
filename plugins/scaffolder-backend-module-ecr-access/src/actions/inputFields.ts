import type { z as zod } from 'zod/v3';
import {
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  IAM_ROLE_ARN,
  dns1123LabelMessage,
  dns1123SubdomainMessage,
} from './kubernetesNames';

type Z = typeof zod;

/**
 * The zod fields the provisioning actions share; their descriptions are the wizard's
 * documentation and their messages name the field.
 */
export const inputFields = {
  cluster: (z: Z) =>
    z
      .string({
        description:
          'Name of the EKS cluster, one of ecrAccess.clusters (its account, region and OIDC issuer come from there)',
      })
      .min(1, { message: 'cluster must not be empty' }),
  namespace: (z: Z) =>
    z
      .string({ description: 'Kubernetes namespace of the ServiceAccount' })
      .max(63, { message: dns1123LabelMessage('namespace') })
      .regex(DNS1123_LABEL, { message: dns1123LabelMessage('namespace') }),
  serviceAccountName: (z: Z) =>
    z
      .string({
        description:
          'Name of the ServiceAccount; the role trusts exactly system:serviceaccount:<namespace>:<this>',
      })
      .max(253, { message: dns1123SubdomainMessage('serviceAccountName') })
      .regex(DNS1123_SUBDOMAIN, {
        message: dns1123SubdomainMessage('serviceAccountName'),
      }),
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
  kubernetesId: (z: Z) =>
    z
      .string({
        description:
          'Value of the backstage.io/kubernetes-id label, by which Backstage finds the ServiceAccount (default: the entity name of entityRef, else serviceAccountName)',
      })
      .max(63, { message: dns1123LabelMessage('kubernetesId') })
      .regex(DNS1123_LABEL, { message: dns1123LabelMessage('kubernetesId') })
      .optional(),
  adopt: (z: Z) =>
    z
      .boolean({
        description:
          'Patch a ServiceAccount that another tool manages (Helm, eksctl); otherwise such a ServiceAccount is refused',
      })
      .default(false),
};
