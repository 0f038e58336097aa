#!/usr/bin/env node
// Extends the root `resolutions` when `yarn install` stops on `YN0082 … No candidates found`.
//
// Two kinds of gap are seen on registries that mirror npm partially (see CONTRIBUTING.md):
// - an optional native binary for a foreign platform (`@rollup/rollup-darwin-arm64`…): Yarn
//   resolves every platform's binary even though only this one is installed, so the missing ones
//   are mapped to an empty package;
// - a version that was never mirrored (`^0.3.15` when only 0.3.14 exists): the newest published
//   version that is older than Yarn's `npmMinimalAgeGate` is pinned instead, and printed so that
//   a person can judge it.
// Usage: `yarn registry-gaps` (repeats `yarn install` until no gap is left, at most 10 rounds).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageJsonPath = join(root, 'package.json');
const EMPTY = 'npm:empty-npm-package@1.0.0';
// Optional per-platform binaries: never needed on a platform other than their own.
const PLATFORM_BINARY =
  /(android|darwin|freebsd|openbsd|openharmony|win32|sunos|aix|linux-(arm|loong|ppc|riscv|s390|mips|ia32)|musl)/;
const AGE_GATE_DAYS = 3;

function installOutput() {
  const yarn = readdirYarn();
  const result = spawnSync(
    process.execPath,
    [yarn, 'install', '--mode=update-lockfile'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
    },
  );
  return `${result.stdout}\n${result.stderr}`;
}

function readdirYarn() {
  const rc = readFileSync(join(root, '.yarnrc.yml'), 'utf8');
  const match = rc.match(/^yarnPath:\s*(.+)$/m);
  if (!match) throw new Error('.yarnrc.yml has no yarnPath');
  return join(root, match[1].trim());
}

function missingDescriptors(output) {
  const found = new Set();
  for (const line of output.split('\n')) {
    const m = line.match(
      /YN0082: .*?(@?[^@\s]+)@npm:(\S+): No candidates found/,
    );
    if (m) found.add(`${m[1]}@${m[2]}`);
  }
  return [...found].map(d => {
    const at = d.lastIndexOf('@');
    return { name: d.slice(0, at), range: d.slice(at + 1) };
  });
}

function newestOldEnoughVersion(name) {
  const times = JSON.parse(
    execFileSync('npm', ['view', name, 'time', '--json'], { encoding: 'utf8' }),
  );
  const cutoff = Date.now() - AGE_GATE_DAYS * 24 * 3600 * 1000;
  const candidates = Object.entries(times)
    .filter(([v, t]) => /^\d+\.\d+\.\d+$/.test(v) && Date.parse(t) < cutoff)
    .sort((a, b) => Date.parse(b[1]) - Date.parse(a[1]));
  return candidates[0]?.[0];
}

const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
pkg.resolutions ??= {};
for (let round = 1; round <= 10; round++) {
  const missing = missingDescriptors(installOutput());
  if (missing.length === 0) {
    console.log('registry-gaps: yarn install found every package');
    process.exit(0);
  }
  for (const { name, range } of missing) {
    if (PLATFORM_BINARY.test(name)) {
      pkg.resolutions[name] = EMPTY;
      console.log(
        `registry-gaps: ${name} -> empty package (foreign platform binary)`,
      );
    } else {
      const version = newestOldEnoughVersion(name);
      if (!version)
        throw new Error(`registry-gaps: no usable version of ${name}`);
      pkg.resolutions[`${name}@npm:${range}`] = version;
      console.log(
        `registry-gaps: ${name}@${range} -> ${version} (check that this is acceptable)`,
      );
    }
  }
  writeFileSync(packageJsonPath, `${JSON.stringify(pkg, null, 2)}\n`);
}
console.error('registry-gaps: gaps remain after 10 rounds');
process.exit(1);
