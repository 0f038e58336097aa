/**
 * `yarn bench [--quick | --full | --render] [--no-api | --api-only]`: our audit and the naive per-entity baseline,
 * side by side against the sandbox with realistic latency and rate limits, each the backend
 * plugin as installed (its package's default export in a test backend) driven over HTTP, then the API's
 * latency at 50,000 stored entities on SQLite and PostgreSQL. Writes
 * `bench-results/<timestamp>.json`, `bench-results/latest.json` and `bench-results/latest.md` (or, with `--quick`, only
 * checks that our Kubernetes request count does not grow with the catalog, exiting 1 if it
 * does: counts, not times, are what a noisy CI machine can hold us to).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { measureApi } from './apiLatency';
import { BenchResults, markdownReport } from './report';
import { runSize, SIDE_NODE_FLAGS, SizeFigures } from './runSize';
import { DEFAULT_SIZES, FULL_SIZES, QUICK_SIZES } from './sizes';

// The repository (this package is packages/bench), where bench-results/ lives.
const REPO_ROOT = resolvePackagePath('@ecr-access/bench', '../..');
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    sideNodeFlags: SIDE_NODE_FLAGS,
  };
}

async function quick(): Promise<number> {
  const figures: SizeFigures[] = [];
  for (const size of QUICK_SIZES) {
    figures.push(await runSize(size, { baseline: true, log }));
  }
  const [small, large] = figures;
  // Throttling that surfaces is reported by `yarn bench`; this check is about the count.
  const same =
    small.ours.kubernetesRequests === large.ours.kubernetesRequests &&
    small.ours.failedClusters === 0 &&
    large.ours.failedClusters === 0;
  for (const f of figures) {
    process.stdout.write(
      `catalog ${f.size.entities}: ours ${f.ours.kubernetesRequests} Kubernetes requests, baseline ${f.baseline?.kubernetesRequests} (measured on ${f.baseline?.entitiesAudited} entities, scaled)\n`,
    );
  }
  process.stdout.write(
    same
      ? `our Kubernetes requests do not grow with the catalog (${small.ours.kubernetesRequests} at ${small.size.entities} and ${large.size.entities} entities)\n1 passed, 0 failed\n`
      : `our Kubernetes requests changed with the catalog (${
          small.ours.kubernetesRequests
        } → ${large.ours.kubernetesRequests}) or a cluster audit failed (${
          small.ours.failedClusters
        } / ${large.ours.failedClusters}: ${[
          ...small.ours.sampleErrors,
          ...large.ours.sampleErrors,
        ].join('; ')})\n0 passed, 1 failed\n`,
  );
  return same ? 0 : 1;
}

/** The newest run recorded in `dir` that started before `startedAt`. */
function previousRun(dir: string, startedAt: string): BenchResults | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const runs = fs
    .readdirSync(dir)
    .filter(name => /^\d{4}-.*\.json$/.test(name))
    .map(
      name =>
        JSON.parse(
          fs.readFileSync(path.join(dir, name), 'utf8'),
        ) as BenchResults,
    )
    .filter(run => run.startedAt < startedAt)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return runs[runs.length - 1];
}

/** Writes latest.md again from latest.json (after a change to the report's layout). */
function render(): number {
  const dir = path.join(REPO_ROOT, 'bench-results');
  const results: BenchResults = JSON.parse(
    fs.readFileSync(path.join(dir, 'latest.json'), 'utf8'),
  );
  const markdown = markdownReport(results, previousRun(dir, results.startedAt));
  fs.writeFileSync(path.join(dir, 'latest.md'), markdown);
  process.stdout.write(markdown);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--quick')) return quick();
  if (argv.includes('--render')) return render();
  let sizes = argv.includes('--full') ? FULL_SIZES : DEFAULT_SIZES;
  if (argv.includes('--api-only')) sizes = [];
  const startedAt = new Date();
  const figures: SizeFigures[] = [];
  for (const size of sizes) {
    figures.push(await runSize(size, { baseline: true, log }));
  }
  const api = argv.includes('--no-api') ? [] : await measureApi({ log });
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    machine: machine(),
    sizes: figures,
    api,
  };
  const dir = path.join(REPO_ROOT, 'bench-results');
  const previous = previousRun(dir, results.startedAt);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  fs.writeFileSync(
    path.join(dir, `${stamp}.json`),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'latest.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  const markdown = markdownReport(results, previous);
  fs.writeFileSync(path.join(dir, 'latest.md'), markdown);
  process.stdout.write(markdown);
  log(`results in bench-results/${stamp}.json and bench-results/latest.md`);
  return 0;
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
