import {
  AuditorService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  ClusterEndpointResolver,
  kubeConfigFor,
  kubernetesError,
  readKubernetesClusters,
} from '@ecr-access/plugin-ecr-access-node/clients';
import {
  ApiException,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import fs from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';

/** The field manager of the demo's writes, as `kubectl apply --server-side` would name itself. */
export const DEMO_FIELD_MANAGER = 'backstage-ecr-access-demo';

function describeObject(object: KubernetesObject): string {
  const { namespace, name } = object.metadata ?? {};
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

async function readManifests(
  workspacePath: string,
  files: string[],
): Promise<KubernetesObject[]> {
  const objects: KubernetesObject[] = [];
  for (const file of files) {
    const text = await fs.readFile(
      resolveSafeChildPath(workspacePath, file),
      'utf8',
    );
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) {
        throw new InputError(
          `files: ${file} is not valid YAML: ${document.errors[0].message}`,
        );
      }
      const object = document.toJS() as KubernetesObject | null;
      if (!object) continue; // an empty document between two `---`
      if (!object.apiVersion || !object.kind || !object.metadata?.name) {
        throw new InputError(
          `files: ${file} holds a document without apiVersion, kind and metadata.name`,
        );
      }
      objects.push(object);
    }
  }
  return objects;
}

async function exists(
  api: KubernetesObjectApi,
  object: KubernetesObject,
): Promise<boolean> {
  try {
    await api.read({
      apiVersion: object.apiVersion!,
      kind: object.kind!,
      metadata: {
        name: object.metadata!.name!,
        namespace: object.metadata!.namespace!,
      },
    });
    return true;
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return false;
    throw error;
  }
}

/** The cluster of `kubernetes.clusterLocatorMethods` of that name, or an error naming the input. */
function clusterDetails(config: Config, cluster: string) {
  const details = readKubernetesClusters(config).find(c => c.name === cluster);
  if (!details) {
    throw new InputError(
      `cluster: '${cluster}' is not in kubernetes.clusterLocatorMethods`,
    );
  }
  return details;
}

/**
 * Server-side applies one object, audited; `created` when it did not exist before. Never
 * forced: a field another manager owns is a conflict to report, not to take over.
 */
async function applyObject(
  api: KubernetesObjectApi,
  object: KubernetesObject,
  audit: { auditor: AuditorService; cluster: string; taskId: string },
): Promise<'created' | 'configured'> {
  const what = describeObject(object);
  const event = await audit.auditor.createEvent({
    eventId: 'manifest-apply',
    severityLevel: 'medium',
    meta: { cluster: audit.cluster, object: what, taskId: audit.taskId },
  });
  try {
    const existed = await exists(api, object);
    await api.patch(
      object,
      undefined,
      undefined,
      DEMO_FIELD_MANAGER,
      false,
      PatchStrategy.ServerSideApply,
    );
    await event.success();
    return existed ? 'configured' : 'created';
  } catch (error) {
    const failure = kubernetesError(error, `apply ${what} on ${audit.cluster}`);
    await event.fail({ error: failure });
    throw failure;
  }
}

/** Applies the objects in order, each once per task; returns `<object>: <outcome>` lines. */
async function applyInOrder(
  ctx: Pick<ActionContext<any>, 'checkpoint' | 'logger'>,
  api: KubernetesObjectApi,
  objects: KubernetesObject[],
  audit: { auditor: AuditorService; cluster: string; taskId: string },
): Promise<string[]> {
  const applied: string[] = [];
  for (const object of objects) {
    const what = describeObject(object);
    // A retried task re-applies nothing it already applied.
    const outcome = await ctx.checkpoint({
      key: `apply ${audit.cluster} ${what}`,
      fn: () => applyObject(api, object, audit),
    });
    ctx.logger.info(`${what} on ${audit.cluster}: ${outcome}`);
    applied.push(`${what}: ${outcome}`);
  }
  return applied;
}

/**
 * `ecr-access-demo:kubernetes:apply` (demo only): what a GitOps controller would do once the
 * pull request is merged, done at once because the demo has no Git host: server-side apply of
 * the rendered manifests to the named cluster of `kubernetes.clusterLocatorMethods`. Server-side
 * apply makes a second run harmless and refuses to take over fields another manager owns.
 */
export function createApplyManifestsAction(options: {
  config: Config;
  /** Each write to a cluster is a security-relevant event. */
  auditor: AuditorService;
}) {
  const { config, auditor } = options;
  const resolver = new ClusterEndpointResolver(config);
  return createTemplateAction({
    id: 'ecr-access-demo:kubernetes:apply',
    description:
      'Demo only: server-side applies manifests of the workspace to a configured cluster, as a GitOps controller would after the pull request is merged',
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          z.string({
            description:
              'Cluster of kubernetes.clusterLocatorMethods to apply the manifests to',
          }),
        files: z =>
          z
            .array(z.string(), {
              description:
                'Workspace-relative YAML files to apply, in order (e.g. the files output of ecr-access:manifests:render)',
            })
            .min(1, { message: 'files must name at least one manifest' }),
      },
      output: {
        applied: z =>
          z.array(z.string(), {
            description:
              'Each object applied, as "<Kind> <namespace>/<name>: created|configured"',
          }),
      },
    },
    async handler(ctx) {
      const { cluster, files } = ctx.input;
      const details = clusterDetails(config, cluster);
      const objects = await readManifests(ctx.workspacePath, files);
      if (ctx.isDryRun) {
        const planned = objects.map(o => `${describeObject(o)}: would apply`);
        ctx.logger.info(
          `Dry run: would apply to ${cluster}: ${planned.join(', ')}`,
        );
        ctx.output('applied', planned);
        return;
      }
      const api = KubernetesObjectApi.makeApiClient(
        kubeConfigFor(await resolver.resolve(details)),
      );
      const audit = { auditor, cluster, taskId: ctx.task.id };
      ctx.output('applied', await applyInOrder(ctx, api, objects, audit));
    },
  });
}
