import type { z as zod } from 'zod/v3';
import { dns1123LabelField, dns1123SubdomainField } from './kubernetesNames';

type Z = typeof zod;

/** The input fields of `ecr-access:migration:render`; their messages name the field. */
export const renderRemovalInput = {
  namespace: dns1123LabelField(
    'namespace',
    'Namespace of the Deployment, its pull secret and the refresher',
  ),
  deployment: dns1123LabelField(
    'deployment',
    'The Deployment that stops using the pull secret (named in the explanation)',
  ),
  pullSecret: dns1123SubdomainField(
    'pullSecret',
    'The image pull secret to delete',
  ),
  // CronJob names are at most 52 characters: the controller appends 11 to name its Jobs.
  refresherCronJob: (z: Z) =>
    dns1123SubdomainField(
      'refresherCronJob',
      'The CronJob that refreshed the secret; its ServiceAccount, Role and RoleBinding are assumed to share its name',
    )(z).refine(name => name.length <= 52, {
      message:
        'refresherCronJob must be at most 52 characters (a CronJob name)',
    }),
  targetPath: (z: Z) =>
    z
      .string({
        description:
          'Folder of the workspace to write removed.yaml to (default: kubernetes)',
      })
      .default('kubernetes'),
};
