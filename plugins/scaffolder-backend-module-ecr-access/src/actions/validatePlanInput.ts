import type { z as zod } from 'zod/v3';
import { DNS1123_SUBDOMAIN } from './kubernetesNames';
import { roleInputSchema, serviceAccountOptions } from './inputFields';

type Z = typeof zod;

/** OCI distribution tag: up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-'. */
const IMAGE_TAG = /^\w[\w.-]{0,127}$/;
/** Free text a later step renders (a description): no control characters, no line breaks. */
// The point of this pattern is to match control characters.
// eslint-disable-next-line no-control-regex
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
const ENTITY_REF = /^[a-zA-Z][\w-]*:([\w.-]+\/)?[\w.-]+$/;
const NAME_KEY = /^[A-Za-z][\w-]{0,62}$/;

const IMAGE_DESCRIPTION =
  'The image the service will run: registry (default: the repository’s own, its account and region), repository (one of repositories) and tag';
const NAMES_DESCRIPTION =
  'Other Kubernetes objects that later steps name, by what they are (e.g. pullSecret: regcred); each must be a DNS-1123 subdomain';

/**
 * The input of `ecr-access:plan:validate`, as its handler checks it: every value of the
 * provisioning step (`ecr-access:irsa:provision`), and the other values later steps render.
 * Messages name the field (`image.tag: …`, `names.pullSecret: …`).
 */
export const validatePlanFields = {
  ...roleInputSchema,
  ...serviceAccountOptions,
  image: (z: Z) =>
    z
      .object(
        {
          registry: z
            .string()
            .regex(/^[a-z0-9.-]{1,253}$/, {
              message:
                'must be an ECR registry host such as 111122223333.dkr.ecr.us-east-1.amazonaws.com',
            })
            .optional(),
          repository: z.string().min(1, { message: 'must not be empty' }),
          tag: z.string().regex(IMAGE_TAG, {
            message:
              "must be an image tag: 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'",
          }),
        },
        { description: IMAGE_DESCRIPTION },
      )
      .strict()
      .optional(),
  names: (z: Z) =>
    z
      .record(
        z.string().regex(NAME_KEY, {
          message: 'must be a word such as pullSecret',
        }),
        z
          .string()
          .max(253, { message: 'must be a DNS-1123 subdomain' })
          .regex(DNS1123_SUBDOMAIN, {
            message:
              "must be a DNS-1123 subdomain: lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
          }),
        { description: NAMES_DESCRIPTION },
      )
      .optional(),
  owner: (z: Z) =>
    z
      .string({
        description:
          'Entity ref of the owner a later step writes into the new entity (group:default/team-payments)',
      })
      .regex(ENTITY_REF, {
        message:
          'owner must be an entity ref such as group:default/team-payments',
      })
      .optional(),
  description: (z: Z) =>
    z
      .string({
        description:
          'Free text a later step writes (the entity description): at most 1,000 characters, no control characters or line breaks',
      })
      .max(1000, { message: 'description must be at most 1,000 characters' })
      .regex(NO_CONTROL_CHARACTERS, {
        message:
          'description must not contain control characters or line breaks',
      })
      .optional(),
};

const text = (description: string) => (z: Z) =>
  z.string({ description }).optional();

/**
 * The same fields as the action's JSON schema shows them: types and documentation only. The
 * scaffolder checks a step's input against that schema before the handler runs, and its
 * refusal goes to the task log with a stack trace; this action's whole job is to refuse bad
 * values itself, with messages that name the field.
 */
export const validatePlanSchema = {
  cluster: (z: Z) =>
    z.string({ description: 'Name of the cluster, one of ecrAccess.clusters' }),
  namespace: (z: Z) =>
    z.string({
      description: 'Namespace of the ServiceAccount (DNS-1123 label)',
    }),
  serviceAccountName: (z: Z) =>
    z.string({
      description: 'Name of the ServiceAccount (DNS-1123 subdomain)',
    }),
  repositories: (z: Z) =>
    z.array(z.string(), {
      description:
        "ECR repositories the role may pull from: names in the cluster's account and region, or ARNs",
    }),
  entityRef: (z: Z) =>
    z.string({ description: 'Entity ref of the entity the role serves' }),
  roleName: text('IAM role name after the configured prefix (optional)'),
  kubernetesId: text(
    'Value of the backstage.io/kubernetes-id label (optional)',
  ),
  adopt: (z: Z) =>
    z
      .boolean({
        description:
          'Whether a ServiceAccount Helm or eksctl manages may be patched',
      })
      .optional(),
  image: (z: Z) =>
    z
      .object(
        {
          registry: z.string().optional(),
          repository: z.string(),
          tag: z.string(),
        },
        { description: IMAGE_DESCRIPTION },
      )
      .optional(),
  names: (z: Z) =>
    z.record(z.string(), { description: NAMES_DESCRIPTION }).optional(),
  owner: text('Entity ref of the owner a later step writes (optional)'),
  description: text('Free text a later step writes (optional)'),
};
