import type { ServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import type { Sandbox, ScenarioInput } from '@ecr-access/sandbox';
import {
  demoEntities,
  sandboxAppConfig,
  SandboxAppConfigOptions,
  useSandbox,
} from '@ecr-access/test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import { ecrAccessPlugin } from '../plugin';

/**
 * The whole plugin as an installer runs it over a running sandbox: its app-config, the
 * scheduled audit over real HTTP (every task once at start-up unless `auditAtStartUp` is
 * false), the store on `knex`, and the authenticated API, read as a signed-in user.
 */
export async function startAuditingBackend(options: {
  sandbox: Sandbox;
  knex: Knex;
  /** The catalog; the demo's Components by default. */
  entities?: Entity[];
  /**
   * Merged into `ecrAccess` (e.g. `{ kubernetes: { readPullSecretHosts: true } }`, or a
   * schedule with a longer timeout than the default one below).
   */
  ecrAccess?: JsonObject;
  /** Other changes to the sandbox's app-config (cluster facts the scenario does not state). */
  appConfig?: Omit<SandboxAppConfigOptions, 'ecrAccess'>;
  auditAtStartUp?: boolean;
  /** More services, e.g. a capturing root logger. */
  services?: ServiceFactory[];
}) {
  const config = sandboxAppConfig(options.sandbox, {
    ...options.appConfig,
    ecrAccess: {
      // ISO strings: readAuditSchedule merges a duration object key by key with the
      // default's, a string replaces it.
      schedule: {
        frequency: 'PT30M',
        timeout: 'PT1M',
        initialDelay: 'PT0S',
      },
      // Suites press refresh for every entity they hold, one user, in seconds: the limits
      // (made for people and scripts) are tested on their own (refreshGuards.test.ts).
      refresh: { perCallerPerMinute: 10_000, perMinute: 10_000 },
      ...options.ecrAccess,
    },
  });
  const backend = await startTestBackend({
    features: [
      ecrAccessPlugin,
      catalogServiceMock.factory({
        entities: options.entities ?? demoEntities(),
      }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({ data: config }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: options.auditAtStartUp ?? true,
      }),
      ...(options.services ?? []),
    ],
  });
  const user = mockCredentials.user.header();
  return {
    backend,
    get: (path: string) =>
      request(backend.server)
        .get(`/api/ecr-access${path}`)
        .set('Authorization', user),
    post: (path: string) =>
      request(backend.server)
        .post(`/api/ecr-access${path}`)
        .set('Authorization', user),
  };
}

/**
 * Waits until the start-up audit, which runs in the background one task per cluster, has
 * stored a run for `clusters` clusters.
 */
export async function untilAudited(
  get: (path: string) => PromiseLike<{ body: { items?: unknown[] } }>,
  clusters: number,
  timeoutMs = 30_000,
): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    const runs = await get('/audit/runs');
    if ((runs.body.items?.length ?? 0) >= clusters) return;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error('the start-up audit did not finish');
}

type AuditingBackend = Awaited<ReturnType<typeof startAuditingBackend>>;

/**
 * A sandbox of `scenario`, set up by `before` (faults, writes through its APIs) and then
 * audited once at start-up by the plugin as installed, on SQLite, for the suite: read
 * `plugin` and `sandbox` in its tests. Stopped after the suite.
 */
export function useAuditedSandbox(options: {
  scenario: ScenarioInput;
  entities: Entity[];
  /** What happens to the sandbox before the plugin starts. */
  before?: (sandbox: Sandbox) => Promise<void>;
  appConfig?: Omit<SandboxAppConfigOptions, 'ecrAccess'>;
}): { readonly plugin: AuditingBackend; readonly sandbox: Sandbox } {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let plugin: AuditingBackend | undefined;
  let sandbox: Sandbox | undefined;
  useSandbox({
    scenario: options.scenario,
    started: async running => {
      sandbox = running;
      await options.before?.(running);
      plugin = await startAuditingBackend({
        sandbox: running,
        knex: await databases.init('SQLITE_3'),
        entities: options.entities,
        appConfig: options.appConfig,
      });
      await untilAudited(plugin.get, options.scenario.clusters?.length ?? 1);
    },
    stopping: () => plugin?.backend.stop(),
    timeout: 60_000,
  });
  return {
    get plugin() {
      if (!plugin) throw new Error('the audited backend did not start');
      return plugin;
    },
    get sandbox() {
      if (!sandbox) throw new Error('the sandbox did not start');
      return sandbox;
    },
  };
}
