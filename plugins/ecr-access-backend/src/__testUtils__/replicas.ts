import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import type { Sandbox } from '@ecr-access/sandbox';
import { fork } from 'node:child_process';
import path from 'node:path';
import type { Knex } from 'knex';
import { ecrAccessPlugin } from '../plugin';
import {
  capturingRootLogger,
  demoEntities,
  LogLine,
  sandboxAppConfig,
} from '@ecr-access/test-utils';

// Replicas of the plugin for the scale-out tests (issue 9): each a test backend with the real,
// database-locked scheduler of @backstage/backend-defaults on the given database, auditing
// the sandbox's clusters with the demo catalog; either in the test's process, or in a child
// process that the test can kill as a crash would.

export interface ReplicaSchedule {
  frequency: string;
  timeout: string;
}

/** The app-config of a replica (ISO durations: see readAuditSchedule). */
export function replicaConfig(
  sandbox: Sandbox,
  schedule: ReplicaSchedule,
): JsonObject {
  return sandboxAppConfig(sandbox, {
    ecrAccess: {
      // ISO strings: readAuditSchedule merges a duration object key by key with the
      // default's ({ minutes: 30 } + { seconds: 2 } = 30 min 2 s).
      schedule: { ...schedule, initialDelay: 'PT0S' },
    },
  });
}

/** A replica's backend, logging every line through `onLine` as well as into `lines`. */
export async function startReplicaBackend(options: {
  knex: Knex;
  config: JsonObject;
  onLine?: (line: LogLine) => void;
}) {
  const logs = capturingRootLogger({ onLine: options.onLine });
  const backend = await startTestBackend({
    features: [
      ecrAccessPlugin,
      catalogServiceMock.factory({ entities: demoEntities() }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({ data: options.config }),
      schedulerServiceFactory,
      logs.factory,
    ],
  });
  return { backend, lines: logs.lines };
}

/** What a child process replica is given (as JSON in ECR_ACCESS_REPLICA_JOB). */
export interface ReplicaJob {
  /** PostgreSQL URL of the shared database. */
  databaseUrl: string;
  config: JsonObject;
}

export type ReplicaMessage =
  | { type: 'ready' }
  | { type: 'line'; line: LogLine };

export interface ChildReplica {
  lines: LogLine[];
  /** Dies at once, as on a crash or an OOM kill: no shutdown, no lock released. */
  kill(): Promise<void>;
  /** A graceful stop. */
  stop(): Promise<void>;
}

/**
 * A replica in a child process (replicaProcess.ts, TypeScript through Backstage's node
 * transform as the root `sandbox` script runs it); resolves once its backend has started.
 */
export async function forkReplica(job: ReplicaJob): Promise<ChildReplica> {
  const child = fork(path.join(__dirname, 'replicaProcess.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    env: { ...process.env, ECR_ACCESS_REPLICA_JOB: JSON.stringify(job) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const lines: LogLine[] = [];
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: ReplicaMessage) => {
      if (message.type === 'line') lines.push(message.line);
      else if (message.type === 'ready') resolve();
    });
    child.once('exit', code =>
      reject(
        new Error(`replica process exited with ${code} before it started`),
      ),
    );
  });
  return {
    lines,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'stop' });
      }
      await exited;
    },
  };
}

/**
 * The scheduler's janitor (PluginTaskSchedulerJanitor of @backstage/backend-defaults), which
 * frees the lock of a task whose run outlived its timeout: how a cluster held by a replica that
 * died is taken over. Backstage runs it in every replica once a minute (not configurable) and
 * not at all under NODE_ENV=test, so the test runs the same code, every `intervalMs`.
 */
export function startSchedulerJanitor(
  knex: Knex,
  intervalMs: number,
  logger = mockServices.logger.mock(),
) {
  const file = path.join(
    path.dirname(require.resolve('@backstage/backend-defaults/package.json')),
    'dist/entrypoints/scheduler/lib/PluginTaskSchedulerJanitor.cjs.js',
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PluginTaskSchedulerJanitor } = require(file);
  const janitor: { runOnce(): Promise<void> } = new PluginTaskSchedulerJanitor({
    knex,
    logger,
  });
  let running = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => janitor.runOnce()).catch(() => {});
  }, intervalMs);
  return {
    logger,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
