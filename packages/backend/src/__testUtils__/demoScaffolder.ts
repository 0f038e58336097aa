import { mockCredentials } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Sandbox } from '@ecr-access/sandbox';
import {
  DEMO_SCENARIO,
  sandboxAppConfig,
  useSandbox,
} from '@ecr-access/test-utils';
import path from 'node:path';
import request from 'supertest';
import { waitUntil } from '../demo/waitUntil';
import { startDemoBackend } from './demoBackend';

/** The demo variant of "New service with IRSA", as the demo's catalog reads it. */
export const DEMO_TEMPLATE = path.resolve(
  __dirname,
  '../../../../examples/templates/new-service-with-irsa/demo.template.yaml',
);

type DemoBackend = Awaited<ReturnType<typeof startDemoBackend>>;

export interface DemoScaffolderOptions {
  /** The template files the catalog reads. */
  locations: string[];
  /** The names of the templates in them, which the tests wait for. */
  templates: string[];
  /** Added to the provisioning key (roleNamePrefix `irsa-` and rolePath `/backstage/`). */
  provisioning?: JsonObject;
  /** Where the demo's sandbox publish step writes the new service's files. */
  publishDirectory: string;
}

/** Polls `probe` every 500 ms for a minute: the catalog and the tasks announce nothing. */
async function until(what: string, probe: () => Promise<boolean>) {
  const held = await waitUntil(
    async () => ((await probe()) ? true : undefined),
    {
      timeoutMs: 60_000,
      intervalMs: 500,
    },
  );
  if (!held) throw new Error(`gave up waiting for ${what}`);
}

async function startDemoScaffolder(
  sandbox: Sandbox,
  options: DemoScaffolderOptions,
): Promise<DemoBackend> {
  // The demo's own app-config, OIDC issuers included, as `yarn start` writes it.
  const config = sandboxAppConfig(sandbox, { oidcIssuer: true });
  const backend = await startDemoBackend({
    ...config,
    catalog: {
      rules: [{ allow: ['Component', 'Location', 'Template'] }],
      locations: options.locations.map(target => ({ type: 'file', target })),
    },
    ecrAccess: {
      ...config.ecrAccess,
      provisioning: {
        roleNamePrefix: 'irsa-',
        rolePath: '/backstage/',
        ...options.provisioning,
      },
      // Only the refreshes the templates ask for: no scheduled audit during the test.
      schedule: {
        frequency: { hours: 1 },
        timeout: { minutes: 2 },
        initialDelay: { hours: 1 },
      },
    },
    ecrAccessDemo: {
      sandbox: { enabled: true, publishDirectory: options.publishDirectory },
    },
  });
  try {
    await until(
      `the catalog to have ${options.templates.join(', ')}`,
      async () => {
        const found = await Promise.all(
          options.templates.map(name =>
            request(backend.server)
              .get(`/api/catalog/entities/by-name/template/default/${name}`)
              .set('Authorization', mockCredentials.user.header()),
          ),
        );
        return found.every(response => response.status === 200);
      },
    );
  } catch (error) {
    await backend.stop();
    throw error;
  }
  return backend;
}

/**
 * The whole demo backend (demoFeatures, as `yarn start` runs it) over the demo's sandbox
 * scenario, with provisioning on and the templates of `options` in its catalog: started once
 * the catalog has them, stopped before the sandbox.
 */
export function useDemoScaffolder(options: DemoScaffolderOptions): {
  sandbox: () => Sandbox;
  backend: () => DemoBackend;
} {
  let backend: DemoBackend | undefined;
  // The AWS SDK's standard variables, as scripts/start-demo.mjs sets them.
  const sandbox = useSandbox({
    scenario: DEMO_SCENARIO,
    region: 'us-east-1',
    timeout: 120_000,
    started: async running => {
      backend = await startDemoScaffolder(running, options);
    },
    stopping: () => backend?.stop(),
  });
  return {
    sandbox,
    backend: () => {
      if (!backend) throw new Error('the demo backend starts in beforeAll');
      return backend;
    },
  };
}

/**
 * Runs a template as the wizard does (POST /v2/tasks, as a user) and waits for the task to
 * end: the answer's status, and once created the task's last status and its events.
 */
export async function runWizardTask(
  backend: DemoBackend,
  templateRef: string,
  values: object,
): Promise<{ status: number; taskStatus?: string; events: any[] }> {
  const created = await request(backend.server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({ templateRef, values });
  if (created.status !== 201) return { status: created.status, events: [] };
  let taskStatus = '';
  await until(`task ${created.body.id}`, async () => {
    const task = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
      .set('Authorization', mockCredentials.user.header());
    taskStatus = task.body.status;
    return ['completed', 'failed', 'cancelled'].includes(taskStatus);
  });
  const events = await request(backend.server)
    .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
    .set('Authorization', mockCredentials.user.header());
  return { status: created.status, taskStatus, events: events.body };
}
