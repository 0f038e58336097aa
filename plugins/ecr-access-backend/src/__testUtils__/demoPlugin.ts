import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  FaultRule,
  Sandbox,
  startSandbox,
  StartSandboxOptions,
} from '@ecr-access/sandbox';
import { DEMO_SCENARIO, expectNoCanary } from '@ecr-access/test-utils';
import { startAuditingBackend } from './auditingBackend';

// Created when a test file imports this module: TestDatabases registers its hooks then.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/**
 * The whole plugin as an installer runs it, over a sandbox: the scheduled audit (every task
 * once at start-up) over real HTTP, the store on SQLite, and the authenticated API, read as a
 * signed-in user. Every cluster is up unless `keepFaults` (the demo's edge-euw1 is down) or
 * `faults` say otherwise.
 */
export async function startDemoPlugin(
  options: {
    scenario?: StartSandboxOptions['scenario'];
    entities?: Entity[];
    keepFaults?: boolean;
    /** Fault rules in place of the scenario's (which `keepFaults` keeps instead). */
    faults?: FaultRule[];
    /** Merged into `ecrAccess` (e.g. `{ kubernetes: { readPullSecretHosts: true } }`). */
    ecrAccess?: Record<string, unknown>;
  } = {},
) {
  const savedEndpoint = process.env.AWS_ENDPOINT_URL;
  const sandbox: Sandbox = await startSandbox({
    scenario: options.scenario ?? DEMO_SCENARIO,
  });
  if (!options.keepFaults) await sandbox.setFaults(options.faults ?? []);
  process.env.AWS_ENDPOINT_URL = sandbox.awsEndpoint;
  const knex = await databases.init('SQLITE_3');
  const { backend, get, post } = await startAuditingBackend({
    sandbox,
    knex,
    entities: options.entities,
    ecrAccess: options.ecrAccess as JsonObject | undefined,
  });

  /** The start-up audit runs in the background: waits until the entity's workloads are in. */
  async function status(name: string) {
    for (let i = 0; i < 200; i++) {
      const res = await get(`/entities/component/default/${name}/status`);
      if (res.status === 200 && res.body.workloads?.length > 0) {
        expectNoCanary(sandbox, res.text);
        return res.body;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`${name} was never audited`);
  }

  async function stop() {
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = savedEndpoint;
    await backend.stop();
    await sandbox.stop();
  }

  return { sandbox, backend, get, post, status, stop };
}

/** The finding codes of a served status. */
export const findingCodes = (body: { findings: Array<{ code: string }> }) =>
  body.findings.map(f => f.code);
