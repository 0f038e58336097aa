import { spawn } from 'node:child_process';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { generateScenario, Sandbox, startSandbox } from '@ecr-access/sandbox';
import { REALISM } from './realism';
import { sandboxConfig } from './sideConfig';
import type { BenchSize, SideJob, SideResult } from './types';

/** One side's figures for one size, counts from the sandbox, scaled where sampled. */
export interface SideFigures extends SideResult {
  /** Whole-catalog figures are measured × this (1 when every entity was audited). */
  scale: number;
  kubernetesRequests: number;
  kubernetesRateLimited: number;
  iamRequests: number;
  iamRateLimited: number;
  /** IAM requests per action, as measured (not scaled). */
  iamByAction: Record<string, number>;
  otherAwsRequests: number;
  /** Entities per second over the whole catalog (measured entities / measured time). */
  entitiesPerSecond: number;
  /** Wall time for the whole catalog: measured, or scaled from the sample. */
  catalogWallMs: number;
}

export interface SizeFigures {
  size: BenchSize;
  workloads: number;
  /** Distinct IAM roles in the scenario (all referenced by some workload or ServiceAccount). */
  roles: number;
  /** Largest per-kind object count on one cluster: pages = ceil(this / 500). */
  largestListPerCluster: number;
  ours: SideFigures;
  baseline?: SideFigures;
  /** The stock Kubernetes backend's entity fan-out, on the baseline's sample. */
  stock?: SideFigures;
}

function sum(counts: Record<string, number>, test: (key: string) => boolean) {
  return Object.entries(counts)
    .filter(([key]) => test(key))
    .reduce((total, [, n]) => total + n, 0);
}

/**
 * Node flags for each side's process, from `BENCH_SIDE_NODE_FLAGS` (space-separated), e.g.
 * `--max-old-space-size=512` as a backend in a memory-limited container runs: V8 otherwise
 * sizes its heap from the machine's memory and collects late, so the peak RSS follows the
 * allocation rate more than what is held.
 */
export const SIDE_NODE_FLAGS = (process.env.BENCH_SIDE_NODE_FLAGS ?? '')
  .split(' ')
  .filter(Boolean);

function runChild(job: SideJob): Promise<SideResult> {
  const entry = resolvePackagePath('@ecr-access/bench', 'src/side.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...SIDE_NODE_FLAGS,
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        entry,
      ],
      {
        env: { ...process.env, BENCH_JOB: JSON.stringify(job) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', code => {
      const line = out.split('\n').find(l => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) {
        reject(new Error(`${job.side} exited with ${code}`));
      } else {
        resolve(JSON.parse(line.slice('BENCH_RESULT '.length)));
      }
    });
  });
}

async function runSide(
  sandbox: Sandbox,
  size: BenchSize,
  side: SideJob['side'],
  entityCount: number,
): Promise<SideFigures> {
  sandbox.resetRequestCounts();
  const result = await runChild({
    side,
    size,
    config: sandboxConfig(sandbox),
    awsEndpoint: sandbox.awsEndpoint,
    entities: { total: size.entities, count: entityCount },
  });
  const counts = sandbox.requestCounts();
  const refused = sandbox.rateLimitedCounts();
  const scale = size.entities / result.entitiesAudited;
  const kubernetes = (key: string) => key.startsWith('kubernetes:');
  const iam = (key: string) => key.startsWith('iam/');
  const otherAws = (key: string) => !kubernetes(key) && !iam(key);
  return {
    ...result,
    scale,
    kubernetesRequests: Math.round(sum(counts, kubernetes) * scale),
    kubernetesRateLimited: Math.round(sum(refused, kubernetes) * scale),
    iamRequests: Math.round(sum(counts, iam) * scale),
    iamRateLimited: Math.round(sum(refused, iam) * scale),
    iamByAction: Object.entries(counts)
      .filter(([key]) => iam(key))
      .reduce<Record<string, number>>((acc, [key, n]) => {
        const action = key.slice('iam/'.length);
        acc[action] = (acc[action] ?? 0) + n;
        return acc;
      }, {}),
    otherAwsRequests: Math.round(sum(counts, otherAws) * scale),
    entitiesPerSecond: result.entitiesAudited / (result.wallMs / 1000),
    catalogWallMs: result.wallMs * scale,
  };
}

/** Largest per-kind object count on one cluster of the scenario. */
function largestList(
  clusters: NonNullable<ReturnType<typeof generateScenario>['clusters']>,
): number {
  return Math.max(
    ...clusters.flatMap(c => [
      ...['Deployment', 'StatefulSet'].map(
        kind =>
          (c.workloads ?? []).filter(w => (w.kind ?? 'Deployment') === kind)
            .length,
      ),
      c.serviceAccounts?.length ?? 0,
    ]),
  );
}

/** A peer of ours on an even sample of the catalog, scaled to it. */
async function runPeer(
  sandbox: Sandbox,
  size: BenchSize,
  side: 'baseline' | 'stock',
  sample: number,
  label: string,
  log: (line: string) => void,
): Promise<SideFigures> {
  log(`${label}: ${side} on ${sample} entities…`);
  const figures = await runSide(sandbox, size, side, sample);
  log(
    `${label}: ${side} ${(figures.wallMs / 1000).toFixed(1)} s measured, ${
      figures.kubernetesRequests
    } Kubernetes and ${
      figures.iamRequests
    } IAM requests (× ${figures.scale.toFixed(1)})`,
  );
  return figures;
}

/** Starts the size's sandbox, runs each side in its own process against it, stops it. */
export async function runSize(
  size: BenchSize,
  options: { baseline: boolean; log: (line: string) => void },
): Promise<SizeFigures> {
  const scenario = generateScenario({
    entities: size.workloadEntities ?? size.entities,
    clusters: size.clusters,
    accountPerCluster: true,
  });
  const sandbox = await startSandbox({ scenario, faults: REALISM });
  const roles = (scenario.accounts ?? []).reduce(
    (total, a) => total + (a.roles?.length ?? 0),
    0,
  );
  try {
    const clusters = scenario.clusters ?? [];
    const workloads = clusters.reduce(
      (total, c) => total + (c.workloads?.length ?? 0),
      0,
    );
    const largestListPerCluster = largestList(clusters);
    const label = `${size.entities} entities × ${size.clusters} clusters`;
    options.log(`${label}: ours…`);
    const ours = await runSide(sandbox, size, 'ours', size.entities);
    options.log(
      `${label}: ours ${(ours.wallMs / 1000).toFixed(1)} s, ${
        ours.kubernetesRequests
      } Kubernetes and ${ours.iamRequests} IAM requests`,
    );
    let baseline: SideFigures | undefined;
    let stock: SideFigures | undefined;
    if (options.baseline) {
      const sample = Math.min(size.entities, size.baselineSample);
      baseline = await runPeer(
        sandbox,
        size,
        'baseline',
        sample,
        label,
        options.log,
      );
      stock = await runPeer(sandbox, size, 'stock', sample, label, options.log);
    }
    return {
      size,
      workloads,
      roles,
      largestListPerCluster,
      ours,
      baseline,
      stock,
    };
  } finally {
    await sandbox.stop();
  }
}
