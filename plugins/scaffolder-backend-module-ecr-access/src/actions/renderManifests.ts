import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { withPublicErrors } from '../errors/publicError';
import { manifestYaml } from '../rendering/manifestYaml';
import { ACTION_IDS } from './actionIds';
import { parseActionInput } from './actionInput';
import { catalogInfoWithRole } from './catalogInfoRole';
import { irsaManifests } from './irsaManifests';
import { examples } from './renderManifests.examples';
import { renderManifestsInput } from './renderManifestsInput';
import { readEcrAccessClusters } from '@ecr-access/plugin-ecr-access-node/clients';

type ImagePullAuth = 'node-role' | 'service-account-token';

/** A path of the workspace; one that leaves it is refused, naming the field. */
function workspaceChild(workspacePath: string, field: string, child: string) {
  try {
    return resolveSafeChildPath(workspacePath, child);
  } catch (error) {
    if (!(error instanceof NotAllowedError)) throw error;
    throw new InputError(
      `${field}: '${child}' is outside the workspace; give a relative path inside it`,
    );
  }
}

/** The entity's catalog-info.yaml with the role recorded, not yet written. */
async function annotatedCatalogInfo(
  workspacePath: string,
  relative: string,
  service: { name: string; roleArn: string },
) {
  const file = workspaceChild(workspacePath, 'catalogInfoPath', relative);
  const text = await catalogInfoWithRole({
    file,
    field: 'catalogInfoPath',
    ...service,
  });
  return { file, text };
}

/**
 * How the cluster's kubelets pull: as given, else as the named cluster of `ecrAccess.clusters`
 * is configured, else the EKS default (node role).
 */
function imagePullAuthOf(
  input: {
    imagePullAuth?: ImagePullAuth;
    cluster?: string;
  },
  clusters: Array<{ name: string; imagePullAuth: ImagePullAuth }>,
): ImagePullAuth {
  if (input.imagePullAuth) return input.imagePullAuth;
  if (input.cluster === undefined) return 'node-role';
  const cluster = clusters.find(c => c.name === input.cluster);
  if (!cluster) {
    throw new InputError(
      `cluster: '${input.cluster}' is not configured in ecrAccess.clusters`,
    );
  }
  return cluster.imagePullAuth;
}

/** Writes the manifests into `folder`; returns their paths relative to the workspace. */
async function writeManifests(
  folder: string,
  targetPath: string,
  { serviceAccount, deployment }: ReturnType<typeof irsaManifests>,
): Promise<string[]> {
  await fs.mkdir(folder, { recursive: true });
  const files: string[] = [];
  for (const [file, manifest] of [
    ['serviceaccount.yaml', serviceAccount],
    ['deployment.yaml', deployment],
  ] as const) {
    await fs.writeFile(path.join(folder, file), manifestYaml(manifest));
    files.push(path.posix.join(targetPath, file));
  }
  return files;
}

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
    id: ACTION_IDS.renderManifests,
    description:
      'Writes a ServiceAccount annotated with the IRSA role and a Deployment that uses it (no imagePullSecrets) into the workspace',
    examples,
    supportsDryRun: true,
    schema: {
      input: renderManifestsInput,
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
      await withPublicErrors(ctx, async () => {
        const input = parseActionInput(renderManifestsInput, ctx.input);
        const { name, namespace, serviceAccountName, roleArn } = input;
        const folder = workspaceChild(
          ctx.workspacePath,
          'targetPath',
          input.targetPath,
        );
        // Read and checked before anything is written: a refusal leaves the workspace as it was.
        const catalogInfo = input.catalogInfoPath
          ? await annotatedCatalogInfo(
              ctx.workspacePath,
              input.catalogInfoPath,
              {
                name,
                roleArn,
              },
            )
          : undefined;
        const manifests = irsaManifests({
          ...input,
          imagePullAuth: imagePullAuthOf(input, clusters),
        });
        const files = await writeManifests(folder, input.targetPath, manifests);
        // Not in `files`: those are the Kubernetes manifests, which later steps may apply.
        if (catalogInfo) await fs.writeFile(catalogInfo.file, catalogInfo.text);
        ctx.logger.info(
          `Rendered ${files.join(', ')} for ${namespace}/${name}`,
        );
        ctx.output('files', files);
        ctx.output('serviceAccount', `${namespace}/${serviceAccountName}`);
      });
    },
  });
}
