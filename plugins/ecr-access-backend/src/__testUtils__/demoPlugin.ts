import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type {
  FaultRule,
  Sandbox,
  StartSandboxOptions,
} from '@ecr-access/sandbox';
import {
  DEMO_SCENARIO,
  expectNoCanary,
  useSandbox,
} from '@ecr-access/test-utils';
import { startAuditingBackend } from './auditingBackend';

// Created when a test file imports this module: TestDatabases registers its hooks then.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** The running plugin of {@link useDemoPlugin}: its sandbox, backend and API. */
export interface DemoPlugin {
  sandbox: Sandbox;
  backend: Awaited<ReturnType<typeof startAuditingBackend>>['backend'];
  get: (path: string) => Promise<any>;
  post: (path: string, body?: object) => Promise<any>;
  /** The start-up audit runs in the background: waits until the entity's workloads are in. */
  status: (name: string) => Promise<any>;
}

/**
 * The whole plugin as an installer runs it, over a sandbox, for the suite (the kit's
 * `useSandbox`: started before its tests, stopped after): the scheduled audit (every task
 * once at start-up) over real HTTP, the store on SQLite, and the authenticated API, read as a
 * signed-in user. Every cluster is up unless `keepFaults` (the demo's edge-euw1 is down) or
 * `faults` say otherwise. Call it in a `describe` body; the returned function gives the plugin.
 */
export function useDemoPlugin(
  options: {
    scenario?: StartSandboxOptions['scenario'];
    entities?: Entity[];
    keepFaults?: boolean;
    /** Fault rules in place of the scenario's (which `keepFaults` keeps instead). */
    faults?: FaultRule[];
    /** Merged into `ecrAccess` (e.g. `{ kubernetes: { readPullSecretHosts: true } }`). */
    ecrAccess?: Record<string, unknown>;
  } = {},
): () => DemoPlugin {
  let plugin: DemoPlugin | undefined;
  useSandbox({
    scenario: options.scenario ?? DEMO_SCENARIO,
    started: async sandbox => {
      if (!options.keepFaults) await sandbox.setFaults(options.faults ?? []);
      const knex = await databases.init('SQLITE_3');
      const { backend, get, post } = await startAuditingBackend({
        sandbox,
        knex,
        entities: options.entities,
        ecrAccess: options.ecrAccess as JsonObject | undefined,
      });
      const status = async (name: string) => {
        for (let i = 0; i < 200; i++) {
          const res = await get(`/entities/component/default/${name}/status`);
          if (res.status === 200 && res.body.workloads?.length > 0) {
            expectNoCanary(sandbox, res.text);
            return res.body;
          }
          await new Promise(resolve => setTimeout(resolve, 100));
        }
        throw new Error(`${name} was never audited`);
      };
      plugin = { sandbox, backend, get, post, status };
    },
    // The backend first: its audit must not outlive the clusters it reads.
    stopping: () => plugin?.backend.stop(),
  });
  return () => {
    if (!plugin) throw new Error('the demo plugin starts in beforeAll');
    return plugin;
  };
}

/** The finding codes of a served status. */
export const findingCodes = (body: { findings: Array<{ code: string }> }) =>
  body.findings.map(f => f.code);
