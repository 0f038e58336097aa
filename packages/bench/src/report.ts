import type { EngineLatency } from './apiLatency';
import { SEED_BATCH } from './apiScenario';
import { BASELINE_ENTITY_CONCURRENCY } from './baseline';
import { IAM_RATE, KUBERNETES_RATE } from './realism';
import type { SideFigures, SizeFigures } from './runSize';
import { STOCK_OBJECT_TYPES } from './stock';

export interface BenchResults {
  startedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    /** Node flags of the sides' processes (`BENCH_SIDE_NODE_FLAGS`); absent or empty: none. */
    sideNodeFlags?: string[];
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
  baseline > 0 && Number.isFinite(ours)
    ? `${(ours / baseline).toPrecision(2)}`
    : '–';

function sideRow(label: string, s: SideFigures): string {
  const sampled = s.scale > 1;
  const star = sampled ? '\\*' : '';
  return `| ${label} | ${int(s.kubernetesRequests)}${star} (${int(
    s.kubernetesRateLimited,
  )}) | ${int(s.iamRequests)}${star} (${int(s.iamRateLimited)}) | ${seconds(
    s.catalogWallMs,
  )}${star} | ${seconds(s.storeMs * s.scale)}${star} | ${int(
    s.peakRssBytes / MiB,
  )} / ${int(s.peakHeapBytes / MiB)} | ${
    // Results from before CPU was measured have none.
    s.cpuMs === undefined ? '–' : `${seconds(s.cpuMs * s.scale)}${star}`
  } | ${s.entitiesPerSecond.toFixed(1)} | ${s.errors} (${
    s.throttlingErrors
  }) |`;
}

/** What each peer is. */
const PEERS: Record<string, string> = {
  baseline:
    '**baseline**: our own per-entity path (the refresh button) pressed for every entity.',
  stock: `**stock**: \`@backstage/plugin-kubernetes-backend\`, \`POST /services/:name\` for each entity (what its Kubernetes tab asks), listing ${STOCK_OBJECT_TYPES.join(
    ', ',
  )} (its default also lists six kinds the sandbox does not serve: a lower bound). It reads no ServiceAccount, secret or IAM fact: it shows workloads and cannot tell how they pull.`,
};

/** A peer's row and the ratios of ours to it. */
function peerRows(name: string, ours: SideFigures, peer: SideFigures) {
  return [
    sideRow(name, peer),
    `| **ours / ${name}** | ${ratio(
      ours.kubernetesRequests,
      peer.kubernetesRequests,
    )} | ${ratio(ours.iamRequests, peer.iamRequests)} | ${ratio(
      ours.catalogWallMs,
      peer.catalogWallMs,
    )} | | | ${ratio(
      ours.cpuMs * ours.scale,
      peer.cpuMs * peer.scale,
    )} | ${ratio(ours.entitiesPerSecond, peer.entitiesPerSecond)} | |`,
  ];
}

/** What the peer is, its floor under the rate limits and how it was sampled. */
function peerNote(
  name: string,
  f: SizeFigures,
  ours: SideFigures,
  peer: SideFigures,
): string {
  // However parallel a peer, the servers' rate limits bound it from below.
  const floorMs =
    1000 *
    Math.max(
      peer.kubernetesRequests / (f.size.clusters * KUBERNETES_RATE.rps),
      peer.iamRequests / (f.size.clusters * IAM_RATE.rps),
    );
  return `${
    PEERS[name]
  } Entity pages in flight: ${BASELINE_ENTITY_CONCURRENCY}. At any concurrency it needs at least ${seconds(
    floorMs,
  )} under these rate limits (its requests ÷ the limits): ours / that floor = ${ratio(
    ours.catalogWallMs,
    floorMs,
  )}. \\* measured on ${int(
    peer.entitiesAudited,
  )} entities (an even sample) and scaled × ${peer.scale.toFixed(
    1,
  )} to the catalog; its cost is linear in entities by construction. Peak memory and entities/s are as measured.`;
}

function sizeSection(f: SizeFigures): string {
  const { ours } = f;
  const peers: Array<[string, SideFigures]> = [];
  if (f.baseline) peers.push(['baseline', f.baseline]);
  if (f.stock) peers.push(['stock', f.stock]);
  const lines = [
    `### ${int(f.size.entities)} entities × ${f.size.clusters} clusters`,
    '',
    `${int(f.workloads)} workloads, ${int(
      f.roles,
    )} IAM roles, one AWS account per cluster; largest list on a cluster: ${int(
      f.largestListPerCluster,
    )} objects (${pages(f.largestListPerCluster)} of 500).`,
    '',
    '| side | Kubernetes requests (429) | IAM requests (Throttling) | wall | of which store | peak RSS / heap MiB | CPU | entities/s | errors (throttling) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    sideRow('ours', ours),
    ...peers.flatMap(([name, peer]) => peerRows(name, ours, peer)),
    ...peers.flatMap(([name, peer]) => ['', peerNote(name, f, ours, peer)]),
    '',
    `IAM requests of ours by action: ${Object.entries(ours.iamByAction)
      .map(([action, n]) => `${action} ${int(n)}`)
      .join(', ')}.`,
  ];
  if (ours.sampleErrors.length) {
    lines.push('', `First errors of ours: ${ours.sampleErrors.join('; ')}`);
  }
  f.stock?.sampleErrors.forEach(e => lines.push('', `stock error: ${e}`));
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
  const exports = api.filter(e => e.csvExport).map(csvLine);
  const cards = api
    .filter(e => e.cardViewUpstreamRequests !== undefined)
    .map(
      e =>
        `${e.engine}: ${int(
          e.cardViewUpstreamRequests!,
        )} requests to Kubernetes or AWS`,
    );
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
    ...(exports.length ? ['', `${exports.join('. ')}.`] : []),
    ...(cards.length
      ? [
          '',
          `A card view (the status route, under the load above) is served from the store: ${cards.join(
            '; ',
          )}.`,
        ]
      : []),
  ].join('\n');
}

/** The CSV export of every entity on one engine: its time and the server's memory. */
function csvLine(e: EngineLatency): string {
  const x = e.csvExport!;
  return `${e.engine}: CSV export of ${int(x.rows)} rows (${(
    x.bytes /
    2 ** 20
  ).toFixed(1)} MiB) in ${seconds(x.ms)}, the server's memory ${int(
    x.rssBeforeMiB,
  )} MiB before and at most ${int(x.rssPeakMiB)} MiB during it`;
}

type Figure = [label: string, value: (r: BenchResults) => number | undefined];

/** The figures compared run to run: those the issue's targets are about. */
function comparedFigures(results: BenchResults): Figure[] {
  const sizes: Figure[] = results.sizes.flatMap(f => {
    const at = `${int(f.size.entities)} × ${f.size.clusters}`;
    const ours = (r: BenchResults) =>
      r.sizes.find(
        s =>
          s.size.entities === f.size.entities &&
          s.size.clusters === f.size.clusters,
      )?.ours;
    return [
      [`${at}: wall s`, r => ours(r) && ours(r)!.catalogWallMs / 1000],
      [`${at}: peak RSS MiB`, r => ours(r) && ours(r)!.peakRssBytes / MiB],
      // Runs before CPU was measured have none: no comparison, rather than a false one.
      [`${at}: CPU s`, r => (ours(r)?.cpuMs ?? NaN) / 1000],
      [`${at}: IAM requests`, r => ours(r)?.iamRequests],
      [`${at}: Kubernetes requests`, r => ours(r)?.kubernetesRequests],
    ];
  });
  const api: Figure[] = results.api.flatMap(e =>
    e.routes.map(
      (route): Figure => [
        `${e.engine} \`${route.route}\` p95 ms`,
        r =>
          r.api
            .find(x => x.engine === e.engine)
            ?.routes.find(x => x.route === route.route)?.p95,
      ],
    ),
  );
  return [...sizes, ...api];
}

/** Each compared figure of this run against the previous run's, where both have it. */
function changeSection(results: BenchResults, previous?: BenchResults) {
  if (!previous) return [];
  const rows = comparedFigures(results).flatMap(([label, value]) => {
    const now = value(results);
    const before = value(previous);
    if (now === undefined || before === undefined) return [];
    if (Number.isNaN(now) || Number.isNaN(before)) return [];
    const change =
      before > 0 ? `${(((now - before) / before) * 100).toFixed(0)} %` : '–';
    return [`| ${label} | ${ms(before)} | ${ms(now)} | ${change} |`];
  });
  if (!rows.length) return [];
  return [
    `## Change against the previous run (${previous.startedAt})`,
    '',
    '| figure | previous | this run | change |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
  ];
}

/** The Markdown the README's "Performance" section quotes. */
export function markdownReport(
  results: BenchResults,
  previous?: BenchResults,
): string {
  const m = results.machine;
  return `${[
    `# Benchmark results (${results.startedAt})`,
    '',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${
      m.platform
    }, Node ${m.node}${
      m.sideNodeFlags?.length
        ? `; each side's process ran with \`${m.sideNodeFlags.join(' ')}\``
        : ''
    }.`,
    `Sandbox: Kubernetes 50 ms per request, ${KUBERNETES_RATE.rps} requests/s per cluster (burst ${KUBERNETES_RATE.burst}) then 429; IAM 80 ms, ${IAM_RATE.rps} requests/s per account then \`Throttling\`. Requests counted by the sandbox, retries and refusals included; refused ones in parentheses.`,
    '',
    ...changeSection(results, previous),
    ...results.sizes.map(sizeSection).flatMap(s => [s, '']),
    apiSection(results.api),
  ].join('\n')}\n`;
}
