import type { Entity } from '@backstage/catalog-model';
import type { RefreshResponse } from '@ecr-access/plugin-ecr-access-common';
import pLimit from 'p-limit';
import { THROTTLING } from './ours';
import type { PluginBackend } from './pluginBackend';
import { preciseNow } from './queryTime';
import type { SideWork } from './types';

/**
 * Entity pages in flight at once. The stock Kubernetes backend serves one entity per request
 * and fans out with Promise.all across clusters and object kinds; a handful of people (or a
 * crawler) viewing entity pages at once is its normal load.
 */
export const BASELINE_ENTITY_CONCURRENCY = 4;

interface Tally {
  workloads: number;
  errors: string[];
}

/** One entity's refresh button, pressed: `POST /entities/…/refresh`. */
async function refreshEntity(
  backend: PluginBackend,
  entity: Entity,
  tally: Tally,
) {
  const { name, namespace = 'default' } = entity.metadata;
  const path = `/entities/${entity.kind.toLowerCase()}/${namespace}/${name}/refresh`;
  const res = await fetch(`${backend.baseUrl}${path}`, { method: 'POST' });
  if (!res.ok) {
    tally.errors.push(`${name}: ${res.status} ${await res.text()}`);
    return;
  }
  const status = (await res.json()) as RefreshResponse;
  tally.workloads += status.workloads.length;
  status.unreachableClusters.forEach(u =>
    tally.errors.push(`${u.cluster}: ${u.error}`),
  );
}

/**
 * The naive audit a per-entity fan-out amounts to: the plugin's own per-entity path (the
 * refresh button's), pressed for every entity, {@link BASELINE_ENTITY_CONCURRENCY} at a time.
 * Each refresh, on every cluster at once: one label-selected LIST of each workload kind; where
 * that finds workloads, the supporting kinds of their namespaces (ServiceAccounts and pull
 * secrets carry no entity label, so a label selector would miss them) and the cluster-wide
 * RBAC; then the AWS facts they refer to, read for this entity alone (no cache across
 * entities); the same engine; and the entity's row written as ours writes it. The plugin
 * runs without client-side pacing here (see sideConfig.ts).
 *
 * It is cheaper than the stock backend, which lists every kind by label on every cluster
 * whether or not the entity runs there: the ratios against it are conservative.
 */
export async function runBaseline(
  backend: PluginBackend,
  entities: Entity[],
): Promise<SideWork> {
  const tally: Tally = { workloads: 0, errors: [] };
  const limit = pLimit(BASELINE_ENTITY_CONCURRENCY);
  const started = preciseNow();
  await Promise.all(
    entities.map(entity => limit(() => refreshEntity(backend, entity, tally))),
  );
  const finished = preciseNow();
  return {
    side: 'baseline',
    entitiesAudited: entities.length,
    wallMs: finished - started,
    storeMs: backend.queries.between(started, finished),
    workloads: tally.workloads,
    errors: tally.errors.length,
    throttlingErrors: tally.errors.filter(m => THROTTLING.test(m)).length,
    failedClusters: 0,
    sampleErrors: tally.errors.slice(0, 5),
  };
}
