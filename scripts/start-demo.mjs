#!/usr/bin/env node
// `yarn start`: the sandbox (simulated EKS clusters and AWS, examples/sandbox/demo.yaml) on
// fixed ports 7100-7103, then the Backstage backend (:7007) and frontend (:3000) pointed at it
// through app-config.yaml and the AWS SDK's standard AWS_ENDPOINT_URL. Ctrl-C stops all three.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SANDBOX_PORT = 7100;
const scenario =
  process.env.ECR_ACCESS_SCENARIO ?? 'examples/sandbox/demo.yaml';
const children = [];

// The repo's own Yarn release (npm_execpath may be a shell shim, not a script node can run).
function yarnRelease() {
  const dir = join(root, '.yarn/releases');
  const release = readdirSync(dir).find(f => /^yarn-.*\.cjs$/.test(f));
  return join(dir, release);
}

/** How long the children get to stop after SIGTERM before they are killed. */
const STOP_GRACE_MS = 8_000;

function run(command, args, { env = {}, stdout = 'pipe' } = {}) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, 'inherit'],
    // Its own process group, so that stopping it stops what it started (webpack, the backend).
    detached: true,
  });
  children.push(child);
  child.exited = new Promise(resolve => child.once('exit', resolve));
  child.on('exit', code => {
    if (!stopping) {
      console.error(`${command} ${args.join(' ')} exited with ${code}`);
      stop(code ?? 1);
    }
  });
  return child;
}

/** Signals every child's process group; a group already gone is skipped. */
function signalGroups(signal) {
  for (const child of children) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Whether any process of the child's group is still alive (signal 0 only checks). */
function groupAlive(child) {
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

let stopping = false;
/**
 * Stops everything this script started, then exits: SIGTERM to each child's process group,
 * a grace period for the backend to close its server and scheduled work, then SIGKILL to
 * whatever of those groups is left. Exiting only afterwards is what keeps a backend from
 * outliving the demo (writing to a closed pipe, it used to loop on EPIPE).
 */
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  signalGroups('SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (children.some(groupAlive) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  signalGroups('SIGKILL');
  await Promise.all(children.map(c => c.exited));
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => stop(0));
}
// A closed terminal or pipe: nothing to write to any more, stop rather than loop on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', () => stop(0));
}

const sandbox = run(process.execPath, [
  '--require',
  '@backstage/cli/config/nodeTransform.cjs',
  'packages/sandbox/src/cli.ts',
  '--scenario',
  scenario,
  '--port',
  String(SANDBOX_PORT),
]);
sandbox.stdout.pipe(process.stdout);
// Once this script is gone the sandbox's pipe closes: it must not die on the write.
sandbox.stdout.on('error', () => {});

// Start Backstage once the sandbox has printed its endpoints.
let output = '';
sandbox.stdout.on('data', chunk => {
  output += chunk;
  if (
    !output.includes(`http://127.0.0.1:${SANDBOX_PORT}`) ||
    children.length > 1
  ) {
    return;
  }
  run(
    process.execPath,
    [yarnRelease(), 'backstage-cli', 'repo', 'start', ...process.argv.slice(2)],
    {
      env: {
        // The SDK's standard variables: every AWS client of the backend talks to the sandbox.
        AWS_ENDPOINT_URL: `http://127.0.0.1:${SANDBOX_PORT}`,
        AWS_REGION: 'us-east-1',
      },
      // Straight to the terminal, not through this process: nothing of Backstage's output
      // depends on this script being alive.
      stdout: 'inherit',
    },
  );
});
