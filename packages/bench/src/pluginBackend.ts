import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import knexFactory, { Knex } from 'knex';
import { benchCatalogFactory } from './benchCatalog';
import { timeQueries } from './queryTime';

/** A fresh file-backed SQLite in a new temporary directory, and how to remove it. */
function fileSqlite(): { knex: Knex; remove(): Promise<void> } {
  const dir = fs.mkdtempSync(join(os.tmpdir(), 'ecr-access-bench-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'plugin.sqlite') },
    useNullAsDefault: true,
  });
  return {
    knex,
    async remove() {
      await knex.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh in-memory SQLite, the plugin's default engine in development. */
export function memorySqlite(): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
}

/**
 * The backend plugin as an installation runs it (its package's default export, Backstage's
 * own scheduler, the database service over `knex`), with the given app-config and a catalog
 * of `entities`. Requests without credentials act as a signed-in user, so that the benchmark
 * reads the API with plain HTTP. Resolves once the backend listens.
 */
export async function startPluginBackend(options: {
  config: JsonObject;
  entities: Entity[];
  /** The database, left open on stop (it outlives this backend); a new SQLite otherwise. */
  knex?: Knex;
}) {
  // A side's own database is a file, as in an installation (whose PostgreSQL runs in a process
  // of its own): an in-memory SQLite counted every stored status in the side's peak RSS.
  const own = options.knex ? undefined : fileSqlite();
  const knex = options.knex ?? own!.knex;
  const queries = timeQueries(knex);
  const backend = await startTestBackend({
    features: [
      // The plugin as an installer adds it: the benchmark is a backend of its own.
      // eslint-disable-next-line @backstage/no-mixed-plugin-imports
      import('@ecr-access/plugin-ecr-access-backend'),
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({ data: options.config }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.user(),
      }),
      benchCatalogFactory(options.entities),
    ],
  });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/ecr-access`,
    port,
    queries,
    async stop() {
      await backend.stop();
      await own?.remove();
    },
  };
}

export type PluginBackend = Awaited<ReturnType<typeof startPluginBackend>>;

/** GETs a path of the plugin's API as JSON; any status but 200 is an error. */
export async function getJson<T>(backend: PluginBackend, path: string) {
  const res = await fetch(`${backend.baseUrl}${path}`);
  if (!res.ok) {
    throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as T;
}
