import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import pLimit from 'p-limit';
import { BASELINE_ENTITY_CONCURRENCY } from './baseline';
import { THROTTLING } from './ours';
import { preciseNow } from './queryTime';
import type { SideWork } from './types';

/**
 * The kinds the stock backend lists for an entity here: those of its default `objectTypes`
 * that the sandbox serves. Its default also lists services, limitranges, resourcequotas,
 * replicasets, horizontalpodautoscalers and ingresses (13 kinds in all against these 7), so
 * its request count here is a lower bound of what it sends to a real API server.
 */
export const STOCK_OBJECT_TYPES = [
  'pods',
  'configmaps',
  'deployments',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
];

/** The workload kinds among them, counted as the entity's workloads. */
const WORKLOAD_TYPES = new Set(['deployments', 'statefulsets', 'cronjobs']);

/** The stock Kubernetes backend as an app installs it, over the size's sandbox. */
export async function startStockBackend(options: {
  config: JsonObject;
  entities: Entity[];
}) {
  const kubernetes = options.config.kubernetes as JsonObject;
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-kubernetes-backend'),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: { ...kubernetes, objectTypes: STOCK_OBJECT_TYPES },
        },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.user(),
      }),
      catalogServiceMock.factory({ entities: options.entities }),
    ],
  });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/kubernetes`,
    stop: () => backend.stop(),
  };
}

interface StockResponse {
  items?: Array<{
    errors?: Array<{
      errorType: string;
      statusCode?: number;
      resourcePath?: string;
    }>;
    resources?: Array<{ type: string; resources?: unknown[] }>;
  }>;
}

interface Tally {
  workloads: number;
  errors: string[];
}

/** One entity page of the stock Kubernetes tab: `POST /services/:name` with the entity. */
async function viewEntity(baseUrl: string, entity: Entity, tally: Tally) {
  const res = await fetch(`${baseUrl}/services/${entity.metadata.name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entity }),
  });
  if (!res.ok) {
    tally.errors.push(`${entity.metadata.name}: ${res.status}`);
    return;
  }
  const body = (await res.json()) as StockResponse;
  for (const item of body.items ?? []) {
    for (const e of item.errors ?? []) {
      // A 429 of the API server arrives as statusCode 429: THROTTLING counts it.
      tally.errors.push(
        `${e.errorType} ${e.statusCode ?? ''} ${e.resourcePath ?? ''}`.trim(),
      );
    }
    for (const r of item.resources ?? []) {
      if (WORKLOAD_TYPES.has(r.type))
        tally.workloads += r.resources?.length ?? 0;
    }
  }
}

/**
 * What a Backstage user does today to see an entity's workloads: the stock backend's fan-out
 * over every cluster (one label-selected LIST of each object type on each cluster, in
 * parallel, no pacing), for each sampled entity, as many entity pages in flight as the naive
 * baseline. It reads no ServiceAccount, secret or AWS fact: it shows workloads, and cannot say
 * how their pulls authenticate; its cost is the floor of any per-entity approach.
 */
export async function runStock(
  baseUrl: string,
  entities: Entity[],
): Promise<SideWork> {
  const tally: Tally = { workloads: 0, errors: [] };
  const limit = pLimit(BASELINE_ENTITY_CONCURRENCY);
  const started = preciseNow();
  await Promise.all(
    entities.map(entity => limit(() => viewEntity(baseUrl, entity, tally))),
  );
  return {
    side: 'stock',
    entitiesAudited: entities.length,
    wallMs: preciseNow() - started,
    storeMs: 0,
    workloads: tally.workloads,
    errors: tally.errors.length,
    throttlingErrors: tally.errors.filter(m => THROTTLING.test(m)).length,
    failedClusters: 0,
    sampleErrors: [...new Set(tally.errors)].slice(0, 5),
  };
}
