import { mockCredentials } from '@backstage/backend-test-utils';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RECOVERY_TEMPLATE_REF } from '../__fixtures__/recoveryTemplate';
import type { CrashPoint } from './crashPoints';

// A scaffolder backend in a child process (scaffolderProcess.ts), as the task-recovery test
// starts, kills and restarts it on one database, and the scaffolder's REST API it is driven by.

/** What the child process is given (as JSON in ECR_ACCESS_SCAFFOLDER_JOB). */
export interface ScaffolderJob {
  /** The app-config: the sandbox's, `backend.database` and `scaffolder.taskRecovery`. */
  config: Record<string, unknown>;
  /** Where the process kills itself, if anywhere. */
  crashAt?: CrashPoint;
  /** The file it writes the crash point to just before. */
  crashMarker: string;
}

export type ScaffolderMessage = { type: 'ready'; port: number };

export interface ScaffolderChild {
  /** The scaffolder's API, `http://localhost:<port>/api/scaffolder`. */
  baseUrl: string;
  /** Resolves when the process has exited: with the signal that ended it, if one did. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The crash point the process reached, once it has died there. */
  crashedAt(): string | undefined;
  /** A graceful stop. */
  stop(): Promise<void>;
}

/** Starts the child scaffolder; resolves once its backend listens. */
export async function forkScaffolder(
  job: Omit<ScaffolderJob, 'crashMarker'>,
): Promise<ScaffolderChild> {
  const markerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-access-crash-'));
  const marker = path.join(markerDir, 'point');
  const child = fork(path.join(__dirname, 'scaffolderProcess.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    env: {
      ...process.env,
      ECR_ACCESS_SCAFFOLDER_JOB: JSON.stringify({
        ...job,
        crashMarker: marker,
      }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>(resolve =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: ScaffolderMessage) => {
      if (message.type === 'ready') resolve(message.port);
    });
    child.once('exit', code =>
      reject(new Error(`scaffolder process exited with ${code} at start`)),
    );
  });
  return {
    baseUrl: `http://localhost:${port}/api/scaffolder`,
    exited,
    crashedAt: () =>
      fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : undefined,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'stop' });
      }
      await exited;
      fs.rmSync(markerDir, { recursive: true, force: true });
    },
  };
}

const headers = {
  'Content-Type': 'application/json',
  Authorization: mockCredentials.user.header(),
};

/** Starts the recovery template for the ServiceAccount `name`, as a user; the task's id. */
export async function startProvisionTask(
  baseUrl: string,
  name: string,
): Promise<string> {
  const created = await fetch(`${baseUrl}/v2/tasks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      templateRef: RECOVERY_TEMPLATE_REF,
      values: { name },
    }),
  });
  if (created.status !== 201) {
    throw new Error(
      `POST /v2/tasks: ${created.status} ${await created.text()}`,
    );
  }
  return (await created.json()).id;
}

/** A task as the API returns it, with its events. */
export interface TaskRecord {
  status: string;
  events: Array<{ type: string; body: Record<string, any> }>;
}

export async function readTask(
  baseUrl: string,
  id: string,
): Promise<TaskRecord> {
  const task = await (
    await fetch(`${baseUrl}/v2/tasks/${id}`, { headers })
  ).json();
  const events = await (
    await fetch(`${baseUrl}/v2/tasks/${id}/events`, { headers })
  ).json();
  return { status: task.status, events };
}

/** Waits (`timeoutMs` at most) until the task has completed or failed. */
export async function finishedTask(
  baseUrl: string,
  id: string,
  timeoutMs: number,
): Promise<TaskRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await readTask(baseUrl, id);
    if (task.status === 'completed' || task.status === 'failed') return task;
    if (Date.now() > deadline) {
      throw new Error(
        `task ${id} still ${
          task.status
        } after ${timeoutMs} ms: ${JSON.stringify(
          task.events.map(e => e.body.message),
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
