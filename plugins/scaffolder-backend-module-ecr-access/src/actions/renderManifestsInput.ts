import type { z as zod } from 'zod/v3';
import { dns1123LabelField, dns1123SubdomainField } from './kubernetesNames';
import { inputFields, nonEmptyStringField, optionalField } from './inputFields';

type Z = typeof zod;

// distribution/reference grammar, simplified: optional registry host[:port], lowercase path
// components, optional tag (up to 128 characters) and digest.
export const IMAGE_REFERENCE =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** The input fields of `ecr-access:manifests:render`; their messages name the field. */
export const renderManifestsInput = {
  name: dns1123LabelField(
    'name',
    'Name of the service: the Deployment name and its backstage.io/kubernetes-id label',
  ),
  namespace: dns1123LabelField(
    'namespace',
    'Kubernetes namespace of the workload',
  ),
  serviceAccountName: dns1123SubdomainField(
    'serviceAccountName',
    'ServiceAccount the Deployment runs as; the IAM role trusts exactly this one',
  ),
  image: (z: Z) =>
    nonEmptyStringField(
      'image',
      'Container image, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0',
    )(z).regex(IMAGE_REFERENCE, {
      message:
        'image must be an image reference: [registry/]repository[:tag][@sha256:digest], no wildcards',
    }),
  roleArn: inputFields.roleArn,
  cluster: optionalField(
    nonEmptyStringField(
      'cluster',
      'Cluster of ecrAccess.clusters the service runs on; its imagePullAuth decides whether ecr-role-arn is written (unless imagePullAuth is given)',
    ),
  ),
  imagePullAuth: (z: Z) =>
    z
      .enum(['node-role', 'service-account-token'], {
        description:
          "How the cluster's kubelets authenticate ECR pulls: node-role (EKS default) or service-account-token (KEP-4412 credential providers); default from the cluster, else node-role",
      })
      .optional(),
  replicas: (z: Z) =>
    z
      .number({ description: 'Replicas of the Deployment' })
      .int({ message: 'replicas must be a whole number' })
      .min(0, { message: 'replicas must not be negative' })
      .default(2),
  targetPath: (z: Z) =>
    z
      .string({
        description:
          'Folder of the workspace to write the manifests to (default: kubernetes)',
      })
      .default('kubernetes'),
  catalogInfoPath: optionalField(
    nonEmptyStringField(
      'catalogInfoPath',
      "The new entity's catalog-info.yaml in the workspace (e.g. catalog-info.yaml, written by an earlier fetch:template): the role is recorded there in the annotation ecr-access.io/role-arn",
    ),
  ),
};
