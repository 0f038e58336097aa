/**
 * One side of one benchmark size, in a process of its own so that its memory peaks are its
 * own: reads the job from BENCH_JOB, starts the plugin against the sandbox, audits, prints
 * `BENCH_RESULT <json>`.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  generateCatalogEntities,
  generatedEntityName,
} from '@ecr-access/sandbox';
import { runBaseline } from './baseline';
import { watchMemory } from './memory';
import { runOurs } from './ours';
import { startPluginBackend } from './pluginBackend';
import { runStock, startStockBackend } from './stock';
import { sideAppConfig } from './sideConfig';
import { evenSample } from './sizes';
import type { SideJob, SideResult } from './types';

/** The catalog of this side: the job's entities, as generateScenario's workloads name them. */
function catalogOf(job: SideJob): Entity[] {
  const catalog = generateCatalogEntities({
    entities: job.entities.total,
    clusters: job.size.clusters,
  });
  return evenSample(job.entities.total, job.entities.count).map(i => {
    const entity = catalog[i];
    if (entity.metadata.name !== generatedEntityName(i)) {
      throw new Error(`catalog entity ${i} is not ${generatedEntityName(i)}`);
    }
    return entity;
  });
}

async function main() {
  const job: SideJob = JSON.parse(process.env.BENCH_JOB ?? '');
  const memory = watchMemory();
  // Where the plugin's AWS SDK clients send their requests: the sandbox.
  process.env.AWS_ENDPOINT_URL = job.awsEndpoint;
  const entities = catalogOf(job);
  if (job.side === 'stock') {
    const stock = await startStockBackend({ config: job.config, entities });
    const cpu = process.cpuUsage();
    const result = await runStock(stock.baseUrl, entities);
    const peaks = { ...memory.stop(), cpuMs: cpuMsSince(cpu) };
    await stock.stop();
    return report({ ...result, ...peaks });
  }
  const config = sideAppConfig(job);
  // Our audits may start while the backend is still starting: their CPU counts from before
  // its start (start-up included, against ours); a peer's from when it can be asked.
  let cpu = process.cpuUsage();
  const backend = await startPluginBackend({ config, entities });
  if (job.side !== 'ours') cpu = process.cpuUsage();
  const clusters = (config.ecrAccess as any).clusters.map(
    (c: { name: string }) => c.name,
  );
  const result =
    job.side === 'ours'
      ? await runOurs(backend, clusters, entities.length)
      : await runBaseline(backend, entities);
  const peaks = { ...memory.stop(), cpuMs: cpuMsSince(cpu) };
  await backend.stop();
  return report({ ...result, ...peaks });
}

/** User and system CPU of this process since `start`, in milliseconds. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

function report(full: SideResult) {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(full)}\n`);
}

main().then(
  // The backend's scheduler and pools may keep handles open: the result is out, exit.
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
