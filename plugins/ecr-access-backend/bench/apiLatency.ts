import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import autocannon from 'autocannon';
import knexFactory, { Knex } from 'knex';
import { ecrAccessPlugin } from '../src/plugin';
import { DatabaseEcrAccessStore } from '../src/database';
import { databaseOf, memorySqlite } from './auditSetup';
import { loadEntityName, loadStatuses } from './statusLoad';

export const STORED_ENTITIES = 50_000;
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
  /** Time to write the 50,000 statuses (one cluster's results, all changed). */
  writeMs?: number;
  /** Time to write the same entities with no workloads, for a second cluster. */
  emptyClusterWriteMs?: number;
  routes: RouteLatency[];
  skipped?: string;
}

async function postgres(): Promise<{ knex: Knex; drop: () => Promise<void> }> {
  const name = `ecr_access_bench_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString() });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      const again = knexFactory({ client: 'pg', connection: PG_URL });
      try {
        await again.raw(`DROP DATABASE IF EXISTS ${name}`);
      } finally {
        await again.destroy();
      }
    },
  };
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
        requests: paths.map(path => ({ method: 'GET', path })),
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

async function measureEngine(
  engine: EngineLatency['engine'],
  knex: Knex,
  log: (line: string) => void,
): Promise<EngineLatency> {
  const store = await DatabaseEcrAccessStore.create({
    database: databaseOf(knex),
  });
  log(`API (${engine}): writing ${STORED_ENTITIES} statuses…`);
  const written = await loadStatuses(store, STORED_ENTITIES);
  const step = Math.floor(STORED_ENTITIES / STATUS_TARGETS);
  const names = Array.from({ length: STATUS_TARGETS }, (_, i) =>
    loadEntityName(i * step),
  );
  const backend = await startTestBackend({
    features: [
      ecrAccessPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: { ecrAccess: { clusters: [] } },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.user(),
      }),
      catalogServiceMock.factory({
        entities: names.map(name => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name, namespace: 'default' },
          spec: { owner: 'group:default/team-0' },
        })),
      }),
    ],
  });
  try {
    const address = backend.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const base = `http://127.0.0.1:${port}`;
    log(
      `API (${engine}): ${CONNECTIONS} connections, ${DURATION_SECONDS} s per route…`,
    );
    const status = await drive(
      base,
      'GET /entities/:kind/:namespace/:name/status',
      names.map(n => `/api/ecr-access/entities/component/default/${n}/status`),
    );
    const audit = await drive(
      base,
      'GET /audit?mechanism=static-secret (first page)',
      ['/api/ecr-access/audit?mechanism=static-secret&limit=25'],
    );
    return {
      engine,
      storedEntities: STORED_ENTITIES,
      ...written,
      routes: [status, audit],
    };
  } finally {
    await backend.stop();
  }
}

/** The API's latency with 50,000 entities stored, on SQLite and on PostgreSQL. */
export async function measureApi(options: {
  log: (line: string) => void;
}): Promise<EngineLatency[]> {
  const results: EngineLatency[] = [];
  const sqlite = memorySqlite();
  try {
    results.push(await measureEngine('SQLite', sqlite, options.log));
  } finally {
    await sqlite.destroy();
  }
  let pg: Awaited<ReturnType<typeof postgres>> | undefined;
  try {
    pg = await postgres();
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
    results.push(await measureEngine('PostgreSQL', pg.knex, options.log));
  } finally {
    await pg.drop();
  }
  return results;
}
