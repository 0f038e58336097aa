import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
// @backstage/plugin-catalog-node is hoisted in the workspace; its devDependency is requested.
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import type { Sandbox } from '@ecr-access/sandbox';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { scaffolderModule } from '../module';
import { platformIamClient, sandboxConfig } from './sandbox';
import { ListRolesCommand } from '@aws-sdk/client-iam';

export const TEMPLATES = path.resolve(
  __dirname,
  '../../../../examples/templates',
);

/** A template file of examples/templates, parsed. */
export function readTemplate(folder: string, file = 'template.yaml') {
  return parse(fs.readFileSync(path.join(TEMPLATES, folder, file), 'utf8'));
}

/**
 * The template without what the form checks (pattern, enum, lengths): what a request that
 * skipped the form, or a template that forgot a pattern, hands the steps. Named `<name>-unchecked`.
 */
export function withoutFormChecks(template: any) {
  const copy = structuredClone(template);
  copy.metadata.name = `${copy.metadata.name}-unchecked`;
  const strip = (schema: any) => {
    for (const key of [
      'pattern',
      'enum',
      'maxLength',
      'minLength',
      'minItems',
    ]) {
      delete schema[key];
    }
    if (schema.items) strip(schema.items);
  };
  for (const page of copy.spec.parameters) {
    for (const property of Object.values<any>(page.properties)) strip(property);
  }
  return copy;
}

/** A template as the catalog holds it, read from its file location (so ./skeleton resolves). */
export function templateEntity(
  folder: string,
  template = readTemplate(folder),
  file = 'template.yaml',
) {
  const location = `file:${path.join(TEMPLATES, folder, file)}`;
  return {
    ...template,
    metadata: {
      ...template.metadata,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
  };
}

/** The service the migrate template starts from, as the catalog holds it. */
export const ORDERS_WORKER = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-worker',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'orders-worker' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
};

/** `test:fail`: a step that fails, as publish:github does when the repository exists. */
const failingStepModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ecr-access-test-failing-step',
  register(env) {
    env.registerInit({
      deps: { actions: scaffolderActionsExtensionPoint },
      async init({ actions }) {
        actions.addActions(
          createTemplateAction({
            id: 'test:fail',
            supportsDryRun: true,
            async handler() {
              const error = new Error('the repository already exists');
              error.stack = 'Error: the repository already exists';
              throw error;
            },
          }),
        );
      },
    });
  },
});

/** The scaffolder with this module over the sandbox, the catalog holding `entities`. */
export async function startScaffolder(sandbox: Sandbox, entities: object[]) {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModule,
      failingStepModule,
      mockServices.rootConfig.factory({
        data: sandboxConfig(sandbox).get() as any,
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: entities as any }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return {
    baseUrl: `http://localhost:${port}/api/scaffolder`,
    stop: () => backend.stop(),
  };
}

function directoryContents(
  folder: string,
  prefix = '',
): Array<{ path: string; base64Content: string }> {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(folder, entry.name);
    const relative = path.posix.join(prefix, entry.name);
    return entry.isDirectory()
      ? directoryContents(full, relative)
      : [
          {
            path: relative,
            base64Content: fs.readFileSync(full).toString('base64'),
          },
        ];
  });
}

/**
 * POST /v2/dry-run of `template` (as the template editor sends it, with the skeleton of
 * examples/templates/<folder>); the answer's status and body, and the files it wrote.
 */
export async function dryRun(
  baseUrl: string,
  folder: string,
  template: object,
  values: Record<string, unknown>,
) {
  const response = await fetch(`${baseUrl}/v2/dry-run`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: mockCredentials.user.header(),
    },
    body: JSON.stringify({
      template,
      values,
      directoryContents: [
        { path: 'template.yaml', base64Content: '' },
        ...directoryContents(
          path.join(TEMPLATES, folder, 'skeleton'),
          'skeleton',
        ),
      ],
    }),
  });
  const body = await response.json();
  const files: Record<string, string> = Object.fromEntries(
    (body.directoryContents ?? []).map((f: any) => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );
  return { status: response.status, body, files };
}

/**
 * Runs a template as the wizard does (POST /v2/tasks, as a user) and waits for it to end: the
 * answer's status, and once created the task and its events.
 */
export async function runTask(
  baseUrl: string,
  templateRef: string,
  values: object,
) {
  const headers = {
    'Content-Type': 'application/json',
    Authorization: mockCredentials.user.header(),
  };
  const created = await fetch(`${baseUrl}/v2/tasks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ templateRef, values }),
  });
  if (created.status !== 201) {
    return {
      status: created.status,
      body: await created.json(),
      task: undefined as any,
      events: [] as any[],
    };
  }
  const { id } = await created.json();
  let task: any;
  for (let i = 0; i < 200; i++) {
    task = await (await fetch(`${baseUrl}/v2/tasks/${id}`, { headers })).json();
    if (task.status === 'completed' || task.status === 'failed') break;
    await new Promise(r => setTimeout(r, 100));
  }
  const events: any[] = await (
    await fetch(`${baseUrl}/v2/tasks/${id}/events`, { headers })
  ).json();
  return { status: created.status, task, events };
}

/**
 * `runTask` for a run that must succeed: the task is created (201) and completes, or the
 * test fails with the messages of the task's log.
 */
export async function runTaskToCompletion(
  baseUrl: string,
  templateRef: string,
  values: object,
) {
  const { status, task, events } = await runTask(baseUrl, templateRef, values);
  expect(status).toBe(201);
  if (task.status !== 'completed') {
    throw new Error(
      `task ${task.status}: ${JSON.stringify(events.map(e => e.body.message))}`,
    );
  }
  return { task, events };
}

/** The failed step's error as the task log shows it (the scaffolder logs `error.stack`). */
export function failure(events: any[]): { stepId?: string; message: string } {
  const failed = events.find(e => e.body?.status === 'failed');
  return { stepId: failed?.body?.stepId, message: failed?.body?.message ?? '' };
}

/**
 * Marks of the backend's inside that must never reach a task log, an output or an answer: a
 * stack frame, a source or module path, a URL or an IP address (the cluster's API server).
 */
export const INTERNALS: RegExp[] = [
  /\n\s+at /,
  /node_modules/,
  /\.(ts|js):\d+/,
  /https?:\/\//,
  /\b127\.0\.0\.1\b|\blocalhost:\d+/,
];

export function expectNoInternals(what: unknown) {
  const text = typeof what === 'string' ? what : JSON.stringify(what);
  for (const pattern of INTERNALS) expect(text).not.toMatch(pattern);
}

/** IAM roles of the platform account, and every ServiceAccount of every cluster. */
export async function sandboxObjects(sandbox: Sandbox) {
  const roles = await platformIamClient(sandbox).send(new ListRolesCommand({}));
  const serviceAccounts: string[] = [];
  for (const cluster of sandbox.clusters) {
    const list = await (
      await fetch(`${cluster.url}/api/v1/serviceaccounts`, {
        headers: { Authorization: `Bearer ${cluster.token}` },
      })
    ).json();
    for (const item of list.items) {
      serviceAccounts.push(
        `${cluster.name}/${item.metadata.namespace}/${item.metadata.name}`,
      );
    }
  }
  return {
    roles: (roles.Roles ?? []).map(r => r.Arn).sort(),
    serviceAccounts: serviceAccounts.sort(),
  };
}
