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

function run(command, args, env = {}) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    // Its own process group, so that stopping it stops what it started (webpack, the backend).
    detached: true,
  });
  children.push(child);
  child.on('exit', code => {
    if (!stopping) {
      console.error(`${command} ${args.join(' ')} exited with ${code}`);
      stop(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

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
  const backstage = run(
    process.execPath,
    [yarnRelease(), 'backstage-cli', 'repo', 'start', ...process.argv.slice(2)],
    {
      // The SDK's standard variables: every AWS client of the backend talks to the sandbox.
      AWS_ENDPOINT_URL: `http://127.0.0.1:${SANDBOX_PORT}`,
      AWS_REGION: 'us-east-1',
    },
  );
  backstage.stdout.pipe(process.stdout);
});
