/**
 * The API under load, in a process of its own so that the load generator does not share its
 * event loop: the plugin audits a sandbox of 50,000 entities into the database (timed), then
 * serves it; prints `BENCH_API_READY <json>` and stops on SIGTERM.
 */
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  generateCatalogEntities,
  generatedEntityName,
  startSandbox,
} from '@ecr-access/sandbox';
import knexFactory, { Knex } from 'knex';
import { apiScenario, EMPTY_CLUSTER, LOAD_CLUSTER } from './apiScenario';
import { finishedRuns } from './ours';
import { memorySqlite, startPluginBackend } from './pluginBackend';
import { pluginConfig, sandboxConfig } from './sideConfig';

export interface ApiServerJob {
  /** PostgreSQL database URL; SQLite in memory when absent. */
  postgresUrl?: string;
  storedEntities: number;
  /** Entities the status requests cycle over (their catalog entries are served). */
  statusTargets: number;
}

/**
 * One cluster's scheduled audit, alone, into `knex`: the database time it took (its queries,
 * summed, from the run's start to its end). Unpaced: filling the database is not what is
 * measured.
 */
async function auditInto(
  knex: Knex,
  config: JsonObject,
  entities: Entity[],
  cluster: string,
): Promise<number> {
  const backend = await startPluginBackend({
    config: pluginConfig(config, {
      audit: 'at-start',
      unpaced: true,
      only: cluster,
    }),
    entities,
    knex,
  });
  try {
    const [run] = await finishedRuns(backend, [cluster]);
    if (run.status !== 'succeeded') {
      throw new Error(
        `audit of ${cluster} ${run.status}: ${run.errors
          .map(e => e.message)
          .join('; ')}`,
      );
    }
    return backend.queries.between(
      Date.parse(run.startedAt),
      Date.parse(run.finishedAt!),
    );
  } finally {
    await backend.stop();
  }
}

async function main() {
  const job: ApiServerJob = JSON.parse(process.env.BENCH_API_JOB ?? '');
  const knex: Knex = job.postgresUrl
    ? knexFactory({ client: 'pg', connection: job.postgresUrl })
    : memorySqlite();
  const sandbox = await startSandbox({
    scenario: apiScenario(job.storedEntities),
  });
  process.env.AWS_ENDPOINT_URL = sandbox.awsEndpoint;
  const config = sandboxConfig(sandbox);
  const catalog = generateCatalogEntities({
    entities: job.storedEntities,
    clusters: 1,
  });
  // Every status changed (each entity gets its history row too), then the same entities
  // with no workloads on a second cluster: what rows for "no workloads here" cost.
  const writeMs = await auditInto(knex, config, catalog, LOAD_CLUSTER);
  const emptyClusterWriteMs = await auditInto(
    knex,
    config,
    catalog,
    EMPTY_CLUSTER,
  );
  const step = Math.floor(job.storedEntities / job.statusTargets);
  const targets = Array.from(
    { length: job.statusTargets },
    (_, i) => catalog[i * step],
  );
  // Serving only: no audit runs while the load is on, and the catalog holds the entities the
  // status requests ask for (as before the benchmark moved here).
  const backend = await startPluginBackend({
    config: pluginConfig(config, { audit: 'never' }),
    entities: targets,
    knex,
  });
  const names = targets.map(e => e.metadata.name);
  if (names[1] !== generatedEntityName(step)) {
    throw new Error(`status target 1 is not ${generatedEntityName(step)}`);
  }
  process.stdout.write(
    `BENCH_API_READY ${JSON.stringify({
      port: backend.port,
      names,
      writeMs,
      emptyClusterWriteMs,
    })}\n`,
  );
  process.once('SIGTERM', () => {
    // Requests still queued when the load stops need not finish: exit with the backend.
    backend
      .stop()
      .then(() => sandbox.stop())
      .finally(() => process.exit(0));
  });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
