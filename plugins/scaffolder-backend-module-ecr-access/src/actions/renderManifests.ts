import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  IAM_ROLE_ARN,
  dns1123LabelMessage,
  dns1123SubdomainMessage,
} from './kubernetesNames';
import { examples } from './renderManifests.examples';
import { readEcrAccessClusters } from '@ecr-access/plugin-ecr-access-node/clients';

// IRSA: the pod's own AWS SDK calls assume this role (EKS pod identity webhook).
const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
// IRSA for image pulls: read by the kubelet's ecr-credential-provider through
// service-account-token credential providers (KEP-4412). Without that node configuration the
// kubelet pulls with the node role whatever the ServiceAccount says, so it is only written for
// clusters that pull with service-account tokens.
const ECR_ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/ecr-role-arn';
const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
// distribution/reference grammar, simplified: optional registry host[:port], lowercase path
// components, optional tag (up to 128 characters) and digest.
const IMAGE_REFERENCE =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/**
 * `ecr-access:manifests:render`: writes a ServiceAccount annotated for IRSA and a Deployment
 * that runs as it, with no `imagePullSecrets`, into the workspace for a GitOps pull request.
 *
 * @public
 */
export function createRenderManifestsAction(options?: {
  /** The app config, to read `imagePullAuth` of the cluster named by the `cluster` input. */
  config?: Config;
}) {
  const clusters = options?.config ? readEcrAccessClusters(options.config) : [];
  return createTemplateAction({
    id: 'ecr-access:manifests:render',
    description:
      'Writes a ServiceAccount annotated with the IRSA role and a Deployment that uses it (no imagePullSecrets) into the workspace',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string({
              description:
                'Name of the service: the Deployment name and its backstage.io/kubernetes-id label',
            })
            .max(63, { message: dns1123LabelMessage('name') })
            .regex(DNS1123_LABEL, { message: dns1123LabelMessage('name') }),
        namespace: z =>
          z
            .string({ description: 'Kubernetes namespace of the workload' })
            .max(63, { message: dns1123LabelMessage('namespace') })
            .regex(DNS1123_LABEL, {
              message: dns1123LabelMessage('namespace'),
            }),
        serviceAccountName: z =>
          z
            .string({
              description:
                'ServiceAccount the Deployment runs as; the IAM role trusts exactly this one',
            })
            .max(253, {
              message: dns1123SubdomainMessage('serviceAccountName'),
            })
            .regex(DNS1123_SUBDOMAIN, {
              message: dns1123SubdomainMessage('serviceAccountName'),
            }),
        image: z =>
          z
            .string({
              description:
                'Container image, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0',
            })
            .min(1, { message: 'image must not be empty' })
            .regex(IMAGE_REFERENCE, {
              message:
                'image must be an image reference: [registry/]repository[:tag][@sha256:digest], no wildcards',
            }),
        roleArn: z =>
          z
            .string({
              description:
                'ARN of the IAM role, as output by ecr-access:irsa:role:create',
            })
            .regex(IAM_ROLE_ARN, {
              message:
                'roleArn must be an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>',
            }),
        cluster: z =>
          z
            .string({
              description:
                'Cluster of ecrAccess.clusters the service runs on; its imagePullAuth decides whether ecr-role-arn is written (unless imagePullAuth is given)',
            })
            .optional(),
        imagePullAuth: z =>
          z
            .enum(['node-role', 'service-account-token'], {
              description:
                "How the cluster's kubelets authenticate ECR pulls: node-role (EKS default) or service-account-token (KEP-4412 credential providers); default from the cluster, else node-role",
            })
            .optional(),
        replicas: z =>
          z
            .number({ description: 'Replicas of the Deployment' })
            .int({ message: 'replicas must be a whole number' })
            .min(0, { message: 'replicas must not be negative' })
            .default(2),
        targetPath: z =>
          z
            .string({
              description:
                'Folder of the workspace to write the manifests to (default: kubernetes)',
            })
            .default('kubernetes'),
      },
      output: {
        files: z =>
          z.array(z.string(), {
            description:
              'Paths of the written manifests, relative to the workspace',
          }),
        serviceAccount: z =>
          z.string({ description: 'namespace/name of the ServiceAccount' }),
      },
    },
    async handler(ctx) {
      const { name, namespace, serviceAccountName, image, roleArn } = ctx.input;
      const targetPath = ctx.input.targetPath ?? 'kubernetes';
      const folder = resolveSafeChildPath(ctx.workspacePath, targetPath);
      const annotations: Record<string, string> = {
        [ROLE_ARN_ANNOTATION]: roleArn,
      };
      let imagePullAuth = ctx.input.imagePullAuth;
      if (ctx.input.cluster && !imagePullAuth) {
        const cluster = clusters.find(c => c.name === ctx.input.cluster);
        if (!cluster) {
          throw new InputError(
            `cluster: '${ctx.input.cluster}' is not configured in ecrAccess.clusters`,
          );
        }
        imagePullAuth = cluster.imagePullAuth;
      }
      if (imagePullAuth === 'service-account-token') {
        annotations[ECR_ROLE_ARN_ANNOTATION] = roleArn;
      }
      const labels = {
        [KUBERNETES_ID_LABEL]: name,
        'app.kubernetes.io/name': name,
      };
      const serviceAccount = {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: serviceAccountName, namespace, labels, annotations },
      };
      const deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels },
        spec: {
          replicas: ctx.input.replicas ?? 2,
          selector: { matchLabels: { 'app.kubernetes.io/name': name } },
          template: {
            metadata: { labels },
            // No imagePullSecrets: pulls authenticate through the node role or, on clusters
            // with service-account-token providers, the ServiceAccount's ecr-role-arn.
            spec: {
              serviceAccountName,
              containers: [{ name, image }],
            },
          },
        },
      };
      await fs.mkdir(folder, { recursive: true });
      const files: string[] = [];
      for (const [file, manifest] of [
        ['serviceaccount.yaml', serviceAccount],
        ['deployment.yaml', deployment],
      ] as const) {
        await fs.writeFile(path.join(folder, file), stringify(manifest));
        files.push(path.posix.join(targetPath, file));
      }
      ctx.logger.info(`Rendered ${files.join(', ')} for ${namespace}/${name}`);
      ctx.output('files', files);
      ctx.output('serviceAccount', `${namespace}/${serviceAccountName}`);
    },
  });
}
