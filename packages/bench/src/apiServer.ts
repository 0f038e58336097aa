/**
 * The API under load, in a process of its own so that the load generator does not share its
 * event loop: the plugin audits a sandbox whose clusters run 50,000 entities into the database
 * (timed), then serves it; prints `BENCH_API_READY <json>` and stops on SIGTERM.
 */
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  generateCatalogEntities,
  generatedEntityName,
  startSandbox,
} from '@ecr-access/sandbox';
import knexFactory, { Knex } from 'knex';
import {
  apiScenario,
  emptyCluster,
  loadClusters,
  SEED_BATCH,
} from './apiScenario';
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
 * The scheduled audits of `clusters`, at once in one backend, into `knex`: the database time
 * they took (their queries, summed, from the first run's start to the last one's end).
 * Unpaced: filling the database is not what is measured.
 */
async function auditInto(
  knex: Knex,
  config: JsonObject,
  entities: Entity[],
  clusters: string[],
): Promise<number> {
  const backend = await startPluginBackend({
    config: pluginConfig(config, {
      audit: 'at-start',
      unpaced: true,
      only: clusters,
    }),
    entities,
    knex,
  });
  try {
    const runs = await finishedRuns(backend, clusters);
    const failed = runs.filter(run => run.status !== 'succeeded');
    if (failed.length) {
      throw new Error(
        `audit of ${failed.length} clusters failed: ${failed
          .flatMap(run => run.errors.map(e => e.message))
          .slice(0, 5)
          .join('; ')}`,
      );
    }
    return backend.queries.between(
      Math.min(...runs.map(run => Date.parse(run.startedAt))),
      Math.max(...runs.map(run => Date.parse(run.finishedAt!))),
    );
  } finally {
    await backend.stop();
  }
}

/** What seeding the database took. */
export interface Seeding {
  /** Database time of the audits that wrote the statuses, summed. */
  writeMs: number;
  /** Clusters they ran on, audited `SEED_BATCH` at a time. */
  clusters: number;
  /** Wall time of those audits, back-end start-ups included. */
  wallMs: number;
  /** Database time of one more cluster's audit, where none of the entities runs. */
  emptyClusterWriteMs: number;
}

/**
 * Every entity's status written by the plugin's scheduled audits of the clusters it runs on,
 * `SEED_BATCH` clusters at a time, then one more cluster where none of them runs.
 */
async function seed(
  knex: Knex,
  config: JsonObject,
  catalog: Entity[],
): Promise<Seeding> {
  const clusters = loadClusters(catalog.length);
  const started = performance.now();
  let writeMs = 0;
  for (let i = 0; i < clusters.length; i += SEED_BATCH) {
    const batch = clusters.slice(i, i + SEED_BATCH);
    writeMs += await auditInto(knex, config, catalog, batch);
    process.stderr.write(
      `[bench] API: ${i + batch.length} of ${
        clusters.length
      } clusters audited\n`,
    );
  }
  const wallMs = performance.now() - started;
  const emptyClusterWriteMs = await auditInto(knex, config, catalog, [
    emptyCluster(catalog.length),
  ]);
  return { writeMs, clusters: clusters.length, wallMs, emptyClusterWriteMs };
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
    clusters: loadClusters(job.storedEntities).length,
  });
  const seeding = await seed(knex, config, catalog);
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
      seeding,
      // The sandbox's control paths (`/_sandbox/counts`) are served on its AWS endpoint.
      sandboxEndpoint: sandbox.awsEndpoint,
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
