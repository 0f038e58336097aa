import type { EngineLatency } from './apiLatency';
import { SEED_BATCH } from './apiScenario';
import { BASELINE_ENTITY_CONCURRENCY } from './baseline';
import { IAM_RATE, KUBERNETES_RATE } from './realism';
import type { SideFigures, SizeFigures } from './runSize';

export interface BenchResults {
  startedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
  };
  sizes: SizeFigures[];
  api: EngineLatency[];
}

const MiB = 2 ** 20;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ms = (value: number) => value.toFixed(1);
const pages = (objects: number) => {
  const n = Math.max(1, Math.ceil(objects / 500));
  return `${n} ${n === 1 ? 'page' : 'pages'}`;
};
const ratio = (ours: number, baseline: number) =>
  baseline > 0 ? `${(ours / baseline).toPrecision(2)}` : '–';

function sideRow(label: string, s: SideFigures): string {
  const sampled = s.scale > 1;
  const star = sampled ? '\\*' : '';
  return `| ${label} | ${int(s.kubernetesRequests)}${star} (${int(
    s.kubernetesRateLimited,
  )}) | ${int(s.iamRequests)}${star} (${int(s.iamRateLimited)}) | ${seconds(
    s.catalogWallMs,
  )}${star} | ${seconds(s.storeMs * s.scale)}${star} | ${int(
    s.peakRssBytes / MiB,
  )} / ${int(s.peakHeapBytes / MiB)} | ${s.entitiesPerSecond.toFixed(1)} | ${
    s.errors
  } (${s.throttlingErrors}) |`;
}

/** The baseline's row, the ratios, its floor under the rate limits and the sampling note. */
function baselineLines(
  f: SizeFigures,
  ours: SideFigures,
  baseline: SideFigures,
): string[] {
  const lines = [
    sideRow('baseline', baseline),
    `| **ours / baseline** | ${ratio(
      ours.kubernetesRequests,
      baseline.kubernetesRequests,
    )} | ${ratio(ours.iamRequests, baseline.iamRequests)} | ${ratio(
      ours.catalogWallMs,
      baseline.catalogWallMs,
    )} | | | ${ratio(ours.entitiesPerSecond, baseline.entitiesPerSecond)} | |`,
  ];
  // However parallel a baseline, the servers' rate limits bound it from below.
  const floorMs =
    1000 *
    Math.max(
      baseline.kubernetesRequests / (f.size.clusters * KUBERNETES_RATE.rps),
      baseline.iamRequests / (f.size.clusters * IAM_RATE.rps),
    );
  lines.push(
    '',
    `Baseline entity pages in flight: ${BASELINE_ENTITY_CONCURRENCY}. A baseline of any concurrency needs at least ${seconds(
      floorMs,
    )} under these rate limits (its requests ÷ the limits): ours / that floor = ${ratio(
      ours.catalogWallMs,
      floorMs,
    )}.`,
    '',
    `\\* baseline measured on ${int(
      baseline.entitiesAudited,
    )} entities (an even sample) and scaled × ${baseline.scale.toFixed(
      1,
    )} to the catalog; its cost is linear in entities by construction. Peak memory and entities/s are as measured.`,
  );
  return lines;
}

function sizeSection(f: SizeFigures): string {
  const { ours, baseline } = f;
  const lines = [
    `### ${int(f.size.entities)} entities × ${f.size.clusters} clusters`,
    '',
    `${int(f.workloads)} workloads, ${int(
      f.roles,
    )} IAM roles, one AWS account per cluster; largest list on a cluster: ${int(
      f.largestListPerCluster,
    )} objects (${pages(f.largestListPerCluster)} of 500).`,
    '',
    '| side | Kubernetes requests (429) | IAM requests (Throttling) | wall | of which store | peak RSS / heap MiB | entities/s | errors (throttling) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    sideRow('ours', ours),
  ];
  if (baseline) lines.push(...baselineLines(f, ours, baseline));
  lines.push(
    '',
    `IAM requests of ours by action: ${Object.entries(ours.iamByAction)
      .map(([action, n]) => `${action} ${int(n)}`)
      .join(', ')}.`,
  );
  if (ours.sampleErrors.length) {
    lines.push('', `First errors of ours: ${ours.sampleErrors.join('; ')}`);
  }
  return lines.join('\n');
}

/** How long writing the stored statuses took on one engine. */
function writeLine(e: EngineLatency): string {
  const empty = seconds(e.emptyClusterWriteMs!);
  if (e.seedClusters === undefined) {
    return `${e.engine}: ${int(e.storedEntities)} statuses written in ${seconds(
      e.writeMs!,
    )} (the same entities with no workloads on a second cluster: ${empty})`;
  }
  return `${e.engine}: ${int(
    e.storedEntities,
  )} statuses written by the plugin's audits of the ${int(
    e.seedClusters,
  )} clusters they run on, ${SEED_BATCH} at a time, in ${seconds(
    e.writeMs!,
  )} of database time (${seconds(
    e.seedWallMs!,
  )} wall, back-end start-ups included); one more cluster where none of them runs: ${empty}`;
}

function apiSection(api: EngineLatency[]): string {
  if (!api.length) return '';
  const rows = api.flatMap(engine =>
    engine.skipped
      ? [`| ${engine.engine} | skipped: ${engine.skipped} | | | | |`]
      : engine.routes.map(
          r =>
            `| ${engine.engine} | \`${r.route}\` | ${ms(r.p50)} | ${ms(
              r.p95,
            )} | ${ms(r.p99)} | ${int(r.requests)}${
              r.non2xx ? ` (${r.non2xx} non-2xx)` : ''
            } |`,
        ),
  );
  const writes = api.filter(e => e.writeMs !== undefined).map(writeLine);
  return [
    `## API at ${int(
      api[0].storedEntities,
    )} stored entities, 32 concurrent clients (autocannon, 10 s per route)`,
    '',
    '| engine | route | p50 ms | p95 ms | p99 ms | requests |',
    '|---|---|---:|---:|---:|---:|',
    ...rows,
    '',
    `${writes.join('. ')}.`,
  ].join('\n');
}

/** The Markdown the README's "Performance" section quotes. */
export function markdownReport(results: BenchResults): string {
  const m = results.machine;
  return `${[
    `# Benchmark results (${results.startedAt})`,
    '',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}.`,
    `Sandbox: Kubernetes 50 ms per request, ${KUBERNETES_RATE.rps} requests/s per cluster (burst ${KUBERNETES_RATE.burst}) then 429; IAM 80 ms, ${IAM_RATE.rps} requests/s per account then \`Throttling\`. Requests counted by the sandbox, retries and refusals included; refused ones in parentheses.`,
    '',
    ...results.sizes.map(sizeSection).flatMap(s => [s, '']),
    apiSection(results.api),
  ].join('\n')}\n`;
}
