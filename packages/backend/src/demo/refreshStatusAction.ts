import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { waitUntil } from './waitUntil';

/** What the ecr-access refresh route answers (EntityStatus of -common, plus its sentence). */
interface RefreshedStatus {
  summary: string;
  health: string;
  mechanisms: string[];
}

/** `POST /entities/:kind/:namespace/:name/refresh` of the ecr-access backend. */
async function refreshUrl(
  discovery: DiscoveryService,
  { kind, namespace, name }: CompoundEntityRef,
): Promise<string> {
  return `${await discovery.getBaseUrl(
    'ecr-access',
  )}/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}/refresh`;
}

/**
 * Asks for the refresh until the ecr-access backend sees the entity (its catalog read lags the
 * registration: 404 until then), for at most `retry`; any other refusal fails at once.
 */
async function requestRefresh(opts: {
  auth: AuthService;
  url: string;
  entityRef: string;
  onBehalfOf: BackstageCredentials;
  retry: { timeoutMs: number; intervalMs: number };
}): Promise<RefreshedStatus> {
  let lastAnswer = '';
  const status = await waitUntil<RefreshedStatus>(async () => {
    // A fresh token per attempt: they are short-lived.
    const { token } = await opts.auth.getPluginRequestToken({
      onBehalfOf: opts.onBehalfOf,
      targetPluginId: 'ecr-access',
    });
    const response = await fetch(opts.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.ok) return (await response.json()) as RefreshedStatus;
    lastAnswer = `${response.status} ${(await response.text()).slice(0, 300)}`;
    // 404: the ecr-access backend's catalog read does not show the entity yet.
    if (response.status === 404) return undefined;
    throw new Error(
      `ecr-access refused to refresh ${opts.entityRef}: ${lastAnswer}`,
    );
  }, opts.retry);
  if (!status) {
    throw new Error(
      `ecr-access did not find ${opts.entityRef} within ${
        opts.retry.timeoutMs / 1000
      } s: ${lastAnswer}`,
    );
  }
  return status;
}

/**
 * `ecr-access-demo:status:refresh` (demo only): asks the ecr-access backend to audit the new
 * entity now (`POST /entities/:kind/:namespace/:name/refresh`) on behalf of the person running
 * the template, so that its status is there when the wizard finishes instead of at the next
 * scheduled audit. A real installation waits for the GitOps controller and the schedule.
 */
export function createRefreshStatusAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  /** How long to retry while the ecr-access backend does not yet see the entity (404). */
  retry?: { timeoutMs: number; intervalMs: number };
}) {
  const { discovery, auth } = options;
  const retry = options.retry ?? { timeoutMs: 30_000, intervalMs: 1_000 };
  return createTemplateAction({
    id: 'ecr-access-demo:status:refresh',
    description:
      "Demo only: has the ecr-access backend check the entity's image pulls now and outputs the result",
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description:
              'Ref of the entity to check, e.g. component:default/my-service',
          }),
      },
      output: {
        summary: z =>
          z.string({
            description:
              'One sentence on how the entity pulls its images, e.g. "Pulls use IRSA (role …) on prod-use1"',
          }),
        health: z => z.string({ description: 'ok, warning, error or unknown' }),
      },
    },
    async handler(ctx) {
      const { entityRef } = ctx.input;
      const ref = parseEntityRef(entityRef);
      if (ctx.isDryRun) {
        ctx.output('summary', `Dry run: would check ${entityRef}`);
        ctx.output('health', 'unknown');
        return;
      }
      const status = await requestRefresh({
        auth,
        url: await refreshUrl(discovery, ref),
        entityRef,
        onBehalfOf: await ctx.getInitiatorCredentials(),
        retry,
      });
      ctx.logger.info(`${entityRef}: ${status.summary}`);
      ctx.output('summary', status.summary);
      ctx.output('health', status.health);
    },
  });
}
