import {
  BackstageCredentials,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import { parse } from 'yaml';
import { waitUntil } from './waitUntil';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function entityRefOf(text: string, file: string): string {
  const entity = parse(text) as Partial<Entity> | null;
  if (!entity?.kind || !entity.metadata?.name) {
    throw new InputError(
      `catalogInfoPath: ${file} has no kind and metadata.name`,
    );
  }
  return stringifyEntityRef({
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: entity.metadata.name,
  });
}

type CatalogCall = {
  catalog: CatalogService;
  credentials: BackstageCredentials;
};

/**
 * Registers the file as a `file` location, or reuses the location an earlier run registered:
 * `existing` then, with the entity refreshed so that the catalog reads the file again.
 */
async function registerLocation(
  { catalog, credentials }: CatalogCall,
  target: string,
  entityRef: string,
): Promise<'created' | 'existing'> {
  const existing = await catalog.getLocationByRef(`file:${target}`, {
    credentials,
  });
  if (existing) {
    // Same file, maybe new content: a refresh of the entity re-reads its ancestors, the
    // location included. Nothing to refresh when an earlier run failed before the catalog
    // processed the location: it is processed anyway.
    await catalog
      .refreshEntity(entityRef, { credentials })
      .catch(() => undefined);
    return 'existing';
  }
  await catalog.addLocation({ type: 'file', target }, { credentials });
  return 'created';
}

/** The catalog processes new locations in the background (about a second per pass). */
async function waitForEntityIn(
  { catalog, credentials }: CatalogCall,
  entityRef: string,
  catalogInfoUrl: string,
  waitForEntity: { timeoutMs: number; intervalMs: number },
): Promise<void> {
  const found = await waitUntil(
    () => catalog.getEntityByRef(entityRef, { credentials }),
    waitForEntity,
  );
  if (!found) {
    throw new Error(
      `${entityRef} did not appear in the catalog within ${
        waitForEntity.timeoutMs / 1000
      } s of registering ${catalogInfoUrl}; see the catalog's processing errors`,
    );
  }
}

type RegisterLocalContext = ActionContext<
  { name: string; catalogInfoPath: string },
  {
    entityRef: string;
    catalogInfoUrl: string;
    locationOutcome: 'created' | 'existing';
  }
>;

/**
 * The action's work: reads the entity ref from the workspace, publishes the workspace (not in a
 * dry run), registers it once per task, and waits until the catalog shows the entity.
 */
async function registerLocal(
  ctx: RegisterLocalContext,
  options: {
    catalog: CatalogService;
    publishDirectory: string;
    waitForEntity: { timeoutMs: number; intervalMs: number };
  },
): Promise<void> {
  const catalogInfoPath = ctx.input.catalogInfoPath ?? 'catalog-info.yaml';
  const source = resolveSafeChildPath(ctx.workspacePath, catalogInfoPath);
  const entityRef = entityRefOf(
    await fs.readFile(source, 'utf8'),
    catalogInfoPath,
  );
  const folder = resolveSafeChildPath(options.publishDirectory, ctx.input.name);
  const target = resolveSafeChildPath(folder, catalogInfoPath);
  const catalogInfoUrl = `file:${target}`;
  ctx.output('entityRef', entityRef);
  ctx.output('catalogInfoUrl', catalogInfoUrl);
  if (ctx.isDryRun) {
    ctx.logger.info(
      `Dry run: would publish to ${folder} and register ${entityRef}`,
    );
    ctx.output('locationOutcome', 'created');
    return;
  }
  await fs.mkdir(folder, { recursive: true });
  await fs.cp(ctx.workspacePath, folder, { recursive: true, force: true });
  ctx.logger.info(`Published the workspace to ${folder}`);
  const call = {
    catalog: options.catalog,
    credentials: await ctx.getInitiatorCredentials(),
  };
  const outcome = await ctx.checkpoint({
    key: `register ${catalogInfoUrl}`,
    fn: () => registerLocation(call, target, entityRef),
  });
  ctx.output('locationOutcome', outcome);
  await waitForEntityIn(call, entityRef, catalogInfoUrl, options.waitForEntity);
  ctx.logger.info(
    `Registered ${entityRef} from ${catalogInfoUrl} (${outcome})`,
  );
}

/**
 * `ecr-access-demo:catalog:register-local` (demo only): stands in for `publish:github` plus
 * `catalog:register` where there is no Git host. Copies the workspace to a folder of the
 * backend's machine, registers its `catalog-info.yaml` as a `file` location, and waits until
 * the catalog has processed it, so that later steps (and the wizard's link) find the entity.
 * Running it again for the same service re-publishes the files and reuses the location.
 */
export function createRegisterLocalAction(options: {
  catalog: CatalogService;
  publishDirectory: string;
  /** How long to wait for the catalog to process the new location. */
  waitForEntity?: { timeoutMs: number; intervalMs: number };
}) {
  const { catalog, publishDirectory } = options;
  const waitForEntity = options.waitForEntity ?? {
    timeoutMs: 60_000,
    intervalMs: 1_000,
  };
  return createTemplateAction({
    id: 'ecr-access-demo:catalog:register-local',
    description:
      'Demo only: publishes the workspace to a local folder instead of a Git host and registers its catalog-info.yaml in the catalog',
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string({
              description:
                'Folder name of the published service under ecrAccessDemo.sandbox.publishDirectory',
            })
            .regex(DNS1123_LABEL, {
              message:
                'name must be a DNS-1123 label: lowercase letters, digits and -',
            }),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'Workspace-relative path of the catalog-info.yaml to register',
            })
            .default('catalog-info.yaml'),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'Ref of the registered entity' }),
        catalogInfoUrl: z =>
          z.string({
            description: 'The registered file location (file:<absolute path>)',
          }),
        locationOutcome: z =>
          z.enum(['created', 'existing'], {
            description:
              'created: a new location; existing: an earlier run registered the same file',
          }),
      },
    },
    handler: ctx =>
      registerLocal(ctx, { catalog, publishDirectory, waitForEntity }),
  });
}
