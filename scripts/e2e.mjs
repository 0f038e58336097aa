#!/usr/bin/env node
// Browser end-to-end test of the demo: starts it (sandbox, backend :7007, app :3000) in its own
// process group, waits until the first audit has stored statuses, runs the checks in
// packages/app/e2e-tests/demo.e2e.mjs with Debian's chromium through playwright-core, stops the
// demo and exits non-zero when a check failed. Screenshots and the demo's log go to the
// git-ignored e2e-artifacts/.
//
// Usage: node scripts/e2e.mjs [--no-start]
//   --no-start   use a demo that is already running instead of starting one
// Environment: E2E_APP_URL (http://localhost:3000), E2E_BACKEND_URL (http://localhost:7007),
//   E2E_ARTIFACTS (e2e-artifacts), CHROMIUM_PATH (/usr/bin/chromium).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const appUrl = process.env.E2E_APP_URL ?? 'http://localhost:3000';
const backendUrl = process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';
const artifacts = resolve(root, process.env.E2E_ARTIFACTS ?? 'e2e-artifacts');
const startDemo = !process.argv.includes('--no-start');
const AUDITED = ['payments-api', 'orders-worker', 'legacy-billing'];
/** The demo's fixed ports: the app, the backend and the sandbox's simulated APIs. */
const DEMO_PORTS = [3000, 7007, 7100, 7101, 7102, 7103];

const sleep = ms => new Promise(r => setTimeout(r, ms));
const log = message => console.log(`[e2e] ${message}`);

async function reachable(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return response.ok;
  } catch {
    return false;
  }
}

let demoExited = false;

async function waitFor(what, predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (demoExited)
      throw new Error(`the demo exited while waiting for ${what}`);
    if (await predicate()) return;
    await sleep(2000);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

function portInUse(port) {
  return new Promise(resolvePort => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once('error', () => resolvePort(false));
  });
}

async function busyPorts() {
  const busy = await Promise.all(DEMO_PORTS.map(portInUse));
  return DEMO_PORTS.filter((_, i) => busy[i]);
}

async function guestToken() {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    method: 'POST',
  });
  if (!response.ok)
    throw new Error(`guest sign-in answered ${response.status}`);
  return (await response.json()).backstageIdentity.token;
}

/** True once the audit has stored a status for each entity the checks open. */
/** The audited entities' clusters have been read (not merely "not yet checked"). */
async function statusesStored() {
  try {
    const token = await guestToken();
    const answers = await Promise.all(
      AUDITED.map(name =>
        fetch(
          `${backendUrl}/api/ecr-access/entities/component/default/${name}/status`,
          { headers: { authorization: `Bearer ${token}` } },
        ).then(async r => (r.ok ? (await r.json()).checked !== false : false)),
      ),
    );
    // An entity the audit covers is served as "not yet checked" before its cluster is read.
    return answers.every(Boolean);
  } catch {
    return false;
  }
}

/**
 * The demo under Node 22 (scripts/node22.sh fetches it where the system's is older), in its
 * own process group so that stopping it stops the sandbox, the backend and webpack too.
 */
function start() {
  const demoLog = createWriteStream(join(artifacts, 'demo.log'));
  const child = spawn(
    'bash',
    ['-c', 'source scripts/node22.sh && exec node scripts/start-demo.mjs'],
    { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(demoLog);
  child.stderr.pipe(demoLog);
  child.on('exit', code => log(`demo exited (${code})`));
  return child;
}

/** Every process as `{ pid, ppid, pgrp }`, from /proc (Linux). */
async function processTable() {
  const rows = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: read the fields after it.
      const [, , ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 1).split(' ');
      rows.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp) });
    } catch {
      // the process ended meanwhile
    }
  }
  return rows;
}

/**
 * The process groups of `rootPid` and its descendants. start-demo.mjs puts the sandbox and
 * `backstage-cli repo start` in groups of their own, and the CLI restarts the backend when files
 * change, so signalling the demo's own group is not enough to stop everything it started.
 */
async function demoGroups(rootPid, known) {
  const table = await processTable();
  const pids = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of table) {
      if (pids.has(p.ppid) && !pids.has(p.pid)) {
        pids.add(p.pid);
        grew = true;
      }
    }
  }
  const own = table.find(p => p.pid === process.pid)?.pgrp;
  for (const p of table) {
    if (pids.has(p.pid) && p.pgrp !== own) known.add(p.pgrp);
  }
  return known;
}

function groupAlive(group) {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

async function stop(child) {
  const groups = new Set([child.pid]);
  // start-demo.mjs stops its children on SIGINT; then SIGTERM, and SIGKILL for what remains.
  for (const [signal, waitMs] of [
    ['SIGINT', 10_000],
    ['SIGTERM', 10_000],
    ['SIGKILL', 2_000],
  ]) {
    await demoGroups(child.pid, groups);
    const alive = [...groups].filter(groupAlive);
    if (alive.length === 0) return;
    for (const group of alive) {
      try {
        process.kill(-group, signal);
      } catch {
        // gone meanwhile
      }
    }
    const deadline = Date.now() + waitMs;
    while ([...groups].some(groupAlive) && Date.now() < deadline) {
      await sleep(250);
      await demoGroups(child.pid, groups);
    }
  }
}

async function main() {
  await mkdir(artifacts, { recursive: true });
  let demo;
  if (startDemo) {
    if (
      (await reachable(appUrl)) ||
      (await reachable(`${backendUrl}/.backstage/health/v1/liveness`))
    ) {
      throw new Error(
        `something already listens on ${appUrl} or ${backendUrl}; stop it or pass --no-start`,
      );
    }
    log('starting the demo (log in e2e-artifacts/demo.log)');
    demo = start();
    demo.once('exit', () => {
      demoExited = true;
    });
  }
  try {
    await waitFor(
      'the backend',
      () => reachable(`${backendUrl}/.backstage/health/v1/readiness`),
      300_000,
    );
    await waitFor('the app', () => reachable(appUrl), 300_000);
    log('demo is up; waiting for the first audit to store statuses');
    await waitFor('stored statuses', statusesStored, 180_000);
    const { runDemoChecks } = await import(
      '../packages/app/e2e-tests/demo.e2e.mjs'
    );
    const { passed, failed } = await runDemoChecks({
      appUrl,
      backendUrl,
      artifacts,
      log,
    });
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    if (demo) {
      log('stopping the demo');
      await stop(demo);
    }
  }
}

main().then(
  code => process.exit(code),
  error => {
    console.error(`[e2e] ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
