import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';

// Where a scaffolder in a child process (scaffolderProcess.ts) dies in the middle of
// `ecr-access:irsa:provision`: the process sends itself SIGKILL, which nothing can catch or
// delay, at a precise point of the task: a write whose request left but whose answer the
// process never saw, or a checkpoint just stored in the database. What the process had in
// memory is lost, as on an OOM kill or a node going away; only the database and what AWS and
// the cluster hold remain.

/** The template step that runs the action (see the recovery template fixture). */
export const PROVISION_STEP = 'provision';

/** Each point, and what in the process's traffic marks it. */
export const CRASH_POINTS = {
  /** The task token is checkpointed and the role read: nothing is written yet. */
  'before CreateRole': { aws: 'CreateRole', when: 'request' },
  /** IAM made the role (no policy yet); the process never saw the answer. */
  'after CreateRole': { aws: 'CreateRole', when: 'answer' },
  /** IAM put the pull policy; the role step's checkpoint is not stored. */
  'after PutRolePolicy': { aws: 'PutRolePolicy', when: 'answer' },
  /** The role step's checkpoint is stored; the ServiceAccount is not written. */
  'after the role checkpoint': { checkpoint: 'irsa-role.' },
  /** The API server created the ServiceAccount; the process never saw the answer. */
  'after the ServiceAccount create': { kubernetes: 'POST', when: 'answer' },
  /** The ServiceAccount step's checkpoint is stored; the step is not marked done. */
  'after the ServiceAccount checkpoint': { checkpoint: 'serviceaccount.' },
  /** The scaffolder stored the step as completed; the task is not marked completed. */
  'after the step completed': { stepCompleted: true },
  /** A rollback under way: the role's policy is deleted, the role is not. */
  'after the rollback DeleteRolePolicy': {
    aws: 'DeleteRolePolicy',
    when: 'answer',
  },
} as const;

export type CrashPoint = keyof typeof CRASH_POINTS;

type Rule = (typeof CRASH_POINTS)[CrashPoint];

/** Dies now: the point is written to `marker` first (synchronously), so the test knows. */
function die(point: CrashPoint, marker: string): never {
  fs.writeFileSync(marker, point);
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is not delivered later than this; nothing below runs.
  throw new Error('unreachable');
}

/** What a front sees of a request. */
interface Seen {
  method: string;
  path: string;
  body: string;
}

function matchesTraffic(rule: Rule, seen: Seen, when: string): boolean {
  if ('aws' in rule) {
    return (
      rule.when === when &&
      new URLSearchParams(seen.body).get('Action') === rule.aws
    );
  }
  if ('kubernetes' in rule) {
    return (
      rule.when === when &&
      seen.method === rule.kubernetes &&
      seen.path.includes('/serviceaccounts')
    );
  }
  return false;
}

/**
 * An HTTP front before `upstream` (the sandbox's AWS endpoint or a cluster's API server) that
 * forwards every request as it is and dies at the crash point's request or answer.
 */
export async function startFront(
  upstream: string,
  crash?: { point: CrashPoint; marker: string },
): Promise<{ url: string; close(): void }> {
  const check = (seen: Seen, when: 'request' | 'answer') => {
    if (crash && matchesTraffic(CRASH_POINTS[crash.point], seen, when)) {
      die(crash.point, crash.marker);
    }
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        body: body.toString('utf8'),
      };
      check(seen, 'request');
      const target = new URL(seen.path, upstream);
      const forwarded = http.request(
        target,
        { method: seen.method, headers: { ...req.headers, host: target.host } },
        answer => {
          const parts: Buffer[] = [];
          answer.on('data', part => parts.push(part));
          answer.on('end', () => {
            check(seen, 'answer');
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(parts));
          });
        },
      );
      forwarded.on('error', error => res.destroy(error));
      forwarded.end(body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** The task state the scaffolder stores (`tasks.state`), as far as the crash points read it. */
interface StoredState {
  state?: {
    checkpoints?: Record<string, { status?: string }>;
    steps?: Record<string, { status?: string }>;
  };
}

/**
 * Whether an UPDATE of the scaffolder's `tasks` table that the database just answered stored
 * the crash point: the checkpoint as succeeded, or the step as completed.
 */
export function storedCrashPoint(
  point: CrashPoint,
  query: { sql?: string; bindings?: unknown[] },
): boolean {
  const rule: Rule = CRASH_POINTS[point];
  if (!('checkpoint' in rule) && !('stepCompleted' in rule)) return false;
  if (!/^update "tasks" set "state"/.test(query.sql ?? '')) return false;
  const { state }: StoredState = JSON.parse(String(query.bindings?.[0]));
  if ('stepCompleted' in rule) {
    return state?.steps?.[PROVISION_STEP]?.status === 'completed';
  }
  const prefix = `v1.task.checkpoint.${PROVISION_STEP}.${rule.checkpoint}`;
  return Object.entries(state?.checkpoints ?? {}).some(
    ([key, value]) => key.startsWith(prefix) && value.status === 'success',
  );
}

/** Dies once the database has stored the crash point (see {@link storedCrashPoint}). */
export function dieWhenStored(
  knex: { on(event: 'query-response', fn: (...args: any[]) => void): void },
  crash: { point: CrashPoint; marker: string },
): void {
  knex.on('query-response', (_response: unknown, query: { sql?: string }) => {
    if (storedCrashPoint(crash.point, query)) die(crash.point, crash.marker);
  });
}
