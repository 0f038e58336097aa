import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import autocannon from 'autocannon';
import knexFactory from 'knex';
import type { ApiServerJob, Seeding } from './apiServer';

/** `BENCH_API_ENTITIES` sets a smaller number for a quick try of this part alone. */
export const STORED_ENTITIES = Number(process.env.BENCH_API_ENTITIES ?? 50_000);
const CONNECTIONS = 32;
const DURATION_SECONDS = 10;
/** Status requests cycle over this many entities (spread over the 50,000 stored). */
const STATUS_TARGETS = 500;
const PG_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres:postgres@127.0.0.1:5432';

export interface RouteLatency {
  route: string;
  requests: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface EngineLatency {
  engine: 'SQLite' | 'PostgreSQL';
  storedEntities: number;
  /**
   * Database time of writing the 50,000 statuses: the plugin's audits of the clusters they run
   * on (`seedClusters`), summed; before the seeding was spread, one cluster's results.
   */
  writeMs?: number;
  /** Database time of the audit of one more cluster, where none of the entities runs. */
  emptyClusterWriteMs?: number;
  /** Clusters the stored entities run on (absent: one, in results from before). */
  seedClusters?: number;
  /** Wall time of those clusters' audits, `SEED_BATCH` at a time (apiScenario.ts). */
  seedWallMs?: number;
  routes: RouteLatency[];
  /**
   * Requests the API server sent to Kubernetes and AWS (the sandbox's counts) while the status
   * route, what an entity card asks, was under load: the card is served from the store alone.
   */
  cardViewUpstreamRequests?: number;
  /** `GET /audit?format=csv` of every stored entity, alone (absent in results from before). */
  csvExport?: CsvExport;
  skipped?: string;
}

/** One CSV export of the whole audit, and the server's memory meanwhile. */
export interface CsvExport {
  ms: number;
  bytes: number;
  rows: number;
  /** The API server's resident memory before the export and at its highest during it. */
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

/** A database of our own on the PostgreSQL server, dropped afterwards. */
async function postgresDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const name = `ecr_access_bench_${process.pid}`;
  const admin = () => knexFactory({ client: 'pg', connection: PG_URL });
  const create = admin();
  try {
    await create.raw(`CREATE DATABASE ${name}`);
  } finally {
    await create.destroy();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const drop = admin();
      try {
        await drop.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await drop.destroy();
      }
    },
  };
}

interface ReadyServer {
  child: ChildProcess;
  port: number;
  names: string[];
  seeding: Seeding;
  sandboxEndpoint: string;
}

/** Every request the sandbox has answered so far, Kubernetes and AWS, refused ones included. */
async function sandboxRequests(endpoint: string): Promise<number> {
  const res = await fetch(`${endpoint}/_sandbox/counts`);
  const counts = (await res.json()) as Record<string, number>;
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function startApiServer(job: ApiServerJob): Promise<ReadyServer> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      resolvePackagePath('@ecr-access/bench', 'src/apiServer.ts'),
    ],
    {
      env: { ...process.env, BENCH_API_JOB: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
      const line = out.split('\n').find(l => l.startsWith('BENCH_API_READY '));
      if (line) {
        resolve({
          child,
          ...JSON.parse(line.slice('BENCH_API_READY '.length)),
        });
      }
    });
    child.on('error', reject);
    child.on('exit', code =>
      reject(new Error(`API server exited with ${code}`)),
    );
  });
}

function stopApiServer(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/**
 * Drives one route with autocannon, keeping every response time: autocannon's own summary
 * reports p97.5 but not p95, which the targets are stated in.
 */
function drive(
  url: string,
  route: string,
  paths: string[],
): Promise<RouteLatency> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: DURATION_SECONDS,
        requests: paths.map(target => ({ method: 'GET', path: target })),
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        times.sort((a, b) => a - b);
        resolve({
          route,
          requests: result.requests.total,
          non2xx: result.non2xx,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          p99: percentile(times, 99),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      times.push(responseTime);
    });
  });
}

/** The resident memory of a process, from /proc (Linux); 0 where there is none. */
function rssMiB(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Exports every stored entity as CSV, reading it as fast as it comes, while sampling the
 * server's memory: the export streams by keyset, so its memory should not grow with the rows.
 */
async function exportCsv(
  base: string,
  pid: number | undefined,
): Promise<CsvExport> {
  const rssBeforeMiB = rssMiB(pid);
  let rssPeakMiB = rssBeforeMiB;
  const sampler = setInterval(() => {
    rssPeakMiB = Math.max(rssPeakMiB, rssMiB(pid));
  }, 50);
  const started = performance.now();
  let bytes = 0;
  let rows = -1; // the header line
  try {
    const res = await fetch(`${base}/api/ecr-access/audit?format=csv`);
    if (!res.ok) throw new Error(`CSV export: ${res.status}`);
    const decoder = new TextDecoder();
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      rows += decoder.decode(chunk, { stream: true }).split('\r\n').length - 1;
    }
  } finally {
    clearInterval(sampler);
  }
  return {
    ms: performance.now() - started,
    bytes,
    rows,
    rssBeforeMiB,
    rssPeakMiB,
  };
}

/** The first page's `nextCursor`: the second page is what paging by cursor costs. */
async function secondPage(base: string, query: string): Promise<string> {
  const res = await fetch(`${base}/api/ecr-access/audit?${query}`);
  const { nextCursor } = (await res.json()) as { nextCursor?: string };
  if (!nextCursor) throw new Error(`no second page of /audit?${query}`);
  return `/api/ecr-access/audit?${query}&after=${nextCursor}`;
}

/**
 * The audit page's other requests: no filter (summary from the kept counts), a filter with a
 * sort, the page after a cursor, and the pickers' values.
 */
async function auditPageRoutes(base: string): Promise<RouteLatency[]> {
  const sorted = 'health=error&orderBy=checkedAt&order=desc&limit=25';
  return [
    await drive(base, 'GET /audit (first page, no filter)', [
      '/api/ecr-access/audit?limit=25',
    ]),
    await drive(base, `GET /audit?${sorted}`, [
      `/api/ecr-access/audit?${sorted}`,
    ]),
    await drive(
      base,
      'GET /audit?mechanism=static-secret (second page, after)',
      [await secondPage(base, 'mechanism=static-secret&limit=25')],
    ),
    await drive(base, 'GET /audit/facets', ['/api/ecr-access/audit/facets']),
  ];
}

async function measureEngine(
  engine: EngineLatency['engine'],
  postgresUrl: string | undefined,
  log: (line: string) => void,
): Promise<EngineLatency> {
  log(
    `API (${engine}): the plugin audits the clusters of ${STORED_ENTITIES} entities…`,
  );
  const server = await startApiServer({
    postgresUrl,
    storedEntities: STORED_ENTITIES,
    statusTargets: STATUS_TARGETS,
  });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    log(
      `API (${engine}): ${CONNECTIONS} connections, ${DURATION_SECONDS} s per route…`,
    );
    const upstreamBefore = await sandboxRequests(server.sandboxEndpoint);
    const status = await drive(
      base,
      'GET /entities/:kind/:namespace/:name/status',
      server.names.map(
        n => `/api/ecr-access/entities/component/default/${n}/status`,
      ),
    );
    const cardViewUpstreamRequests =
      (await sandboxRequests(server.sandboxEndpoint)) - upstreamBefore;
    const audit = await drive(
      base,
      'GET /audit?mechanism=static-secret (first page)',
      ['/api/ecr-access/audit?mechanism=static-secret&limit=25'],
    );
    const more = await auditPageRoutes(base);
    log(`API (${engine}): CSV export of every entity…`);
    const csvExport = await exportCsv(base, server.child.pid);
    return {
      engine,
      storedEntities: STORED_ENTITIES,
      writeMs: server.seeding.writeMs,
      emptyClusterWriteMs: server.seeding.emptyClusterWriteMs,
      seedClusters: server.seeding.clusters,
      seedWallMs: server.seeding.wallMs,
      routes: [status, audit, ...more],
      cardViewUpstreamRequests,
      csvExport,
    };
  } finally {
    await stopApiServer(server.child);
  }
}

/** The API's latency with 50,000 entities stored, on SQLite and on PostgreSQL. */
export async function measureApi(options: {
  log: (line: string) => void;
}): Promise<EngineLatency[]> {
  const results = [await measureEngine('SQLite', undefined, options.log)];
  let pg: Awaited<ReturnType<typeof postgresDatabase>>;
  try {
    pg = await postgresDatabase();
  } catch (error) {
    results.push({
      engine: 'PostgreSQL',
      storedEntities: 0,
      routes: [],
      skipped: `PostgreSQL unreachable at ${new URL(PG_URL).host}: ${error}`,
    });
    return results;
  }
  try {
    results.push(await measureEngine('PostgreSQL', pg.url, options.log));
  } catch (error) {
    // SQLite's figures took minutes to get: report them, and why PostgreSQL has none.
    results.push({
      engine: 'PostgreSQL',
      storedEntities: 0,
      routes: [],
      skipped: `failed: ${error}`,
    });
  } finally {
    await pg.drop();
  }
  return results;
}
