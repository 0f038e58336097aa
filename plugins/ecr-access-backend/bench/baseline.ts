import {
  awsFactsNeeded,
  classifyCluster,
  ClusterSnapshot,
} from '@ecr-access/plugin-ecr-access-node';
import type { EcrAccessCluster } from '@ecr-access/plugin-ecr-access-node/clients';
import pLimit from 'p-limit';
import type { CatalogEntity } from '../src/audit/catalogEntities';
import { groupByEntity } from '../src/audit/groupByEntity';
import { readAwsFacts } from '../src/collect/awsFacts';
import { readPodIdentityAssociations } from '../src/collect/clusterAwsFacts';
import { collectForEntity } from '../src/collect/collectForEntity';
import { createKubernetesGet } from '../src/collect/kubernetesClient';
import type { ListOptions } from '../src/collect/listAll';
import { AuditSetup, THROTTLING } from './auditSetup';
import type { SideResult } from './types';

/**
 * Entity pages in flight at once. The stock Kubernetes backend serves one entity per request
 * and fans out with Promise.all across clusters and object kinds; a handful of people (or a
 * crawler) viewing entity pages at once is its normal load.
 */
export const BASELINE_ENTITY_CONCURRENCY = 4;
/** All kinds of one entity at once on each cluster: Promise.all, as the stock backend does. */
const FAN_OUT: ListOptions & { concurrency: number } = { concurrency: 16 };

const POD_SPEC_PATHS: Record<string, string[]> = {
  deployments: ['spec', 'template', 'spec'],
  statefulSets: ['spec', 'template', 'spec'],
  daemonSets: ['spec', 'template', 'spec'],
  jobs: ['spec', 'template', 'spec'],
  cronJobs: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** `namespace/name` of every ServiceAccount a workload of the snapshot runs as. */
function serviceAccountsInUse(snapshot: ClusterSnapshot): Set<string> {
  const used = new Set<string>();
  for (const [key, path] of Object.entries(POD_SPEC_PATHS)) {
    for (const item of ((snapshot as any)[key] ?? []) as any[]) {
      const podSpec = path.reduce((node, step) => node?.[step], item);
      const name = podSpec?.serviceAccountName || 'default';
      used.add(`${item?.metadata?.namespace}/${name}`);
    }
  }
  return used;
}

/**
 * The roles this entity's workloads refer to: the naive audit reads each role reference of
 * the entity it is looking at, with no memory of having read it for another entity.
 */
function entityFactsNeeded(snapshot: ClusterSnapshot) {
  const used = serviceAccountsInUse(snapshot);
  return awsFactsNeeded({
    ...snapshot,
    serviceAccounts: (snapshot.serviceAccounts ?? []).filter((sa: any) =>
      used.has(`${sa?.metadata?.namespace}/${sa?.metadata?.name}`),
    ),
  });
}

interface Tally {
  storeMs: number;
  workloads: number;
  errors: string[];
}

async function auditEntityOnCluster(
  setup: AuditSetup,
  cluster: EcrAccessCluster,
  entity: CatalogEntity,
  tally: Tally,
) {
  const endpoint = setup.endpoints.get(cluster.name)!;
  const config = {
    name: cluster.name,
    accountId: cluster.accountId,
    region: cluster.region,
    oidcIssuer: cluster.oidcIssuer,
    imagePullAuth: cluster.imagePullAuth,
  };
  // The stock backend does not pace its requests: no client-side limit here. It retries what
  // the shared lister retries (429 with Retry-After, 5xx), which only helps the baseline.
  const get = createKubernetesGet(
    { name: cluster.name, url: endpoint.url, token: endpoint.token },
    { requestsPerSecond: 1_000_000 },
  );
  let snapshot: ClusterSnapshot;
  try {
    const collection = await collectForEntity(
      config,
      get,
      entity.selector,
      FAN_OUT,
    );
    collection.errors.forEach(e =>
      tally.errors.push(`${e.kind}: ${e.message}`),
    );
    snapshot = { ...collection.snapshot, entities: [entity.selector] };
  } catch (error) {
    tally.errors.push(`${cluster.name}: ${String(error)}`);
    return;
  }
  const found = Object.keys(POD_SPEC_PATHS).some(
    key => ((snapshot as any)[key] ?? []).length > 0,
  );
  let facts = { roles: [], oidcProviders: {}, repositories: [] } as any;
  if (found) {
    try {
      const eks = await setup.aws.eks(cluster.accountId, cluster.region);
      snapshot.podIdentityAssociations = await readPodIdentityAssociations(
        eks,
        cluster.name,
        () => {},
      );
    } catch (error) {
      tally.errors.push(`EKS: ${String(error)}`);
    }
    const read = await readAwsFacts(entityFactsNeeded(snapshot), setup.aws);
    read.errors.forEach(e => tally.errors.push(e));
    facts = read.facts;
  }
  const checkedAt = new Date();
  const statuses = classifyCluster(snapshot, facts, checkedAt);
  tally.workloads += statuses.length;
  const { selector, ...audited } = entity;
  const started = performance.now();
  await setup.store.writeClusterResults({
    cluster: cluster.name,
    checkedAt,
    partial: true,
    entities: [
      {
        ...audited,
        workloads: groupByEntity(statuses).get(entity.entityRef) ?? [],
      },
    ],
  });
  tally.storeMs += performance.now() - started;
}

/**
 * The naive audit a per-entity fan-out amounts to. For each entity, on every cluster at once:
 * one label-selected LIST of each workload kind (Deployments, StatefulSets, DaemonSets,
 * CronJobs, Jobs); where that finds workloads, one LIST of each supporting kind in their
 * namespace (ServiceAccounts and pull secrets carry no entity label, so a label selector
 * would miss them) and the cluster-wide RBAC; then each AWS fact those workloads refer to,
 * read for this entity alone (no cache across entities); the same engine; and the entity's
 * row written as ours writes it. This is the plugin's own per-entity path (the refresh
 * button's), run for every entity.
 *
 * It is cheaper than the stock backend, which lists every kind by label on every cluster
 * whether or not the entity runs there: the ratios against it are conservative.
 */
export async function runBaseline(
  setup: AuditSetup,
): Promise<Omit<SideResult, 'peakRssBytes' | 'peakHeapBytes'>> {
  const tally: Tally = { storeMs: 0, workloads: 0, errors: [] };
  const limit = pLimit(BASELINE_ENTITY_CONCURRENCY);
  const started = performance.now();
  await Promise.all(
    setup.entities.map(entity =>
      limit(() =>
        Promise.all(
          setup.clusters.map(cluster =>
            auditEntityOnCluster(setup, cluster, entity, tally),
          ),
        ),
      ),
    ),
  );
  return {
    side: 'baseline',
    entitiesAudited: setup.entities.length,
    wallMs: performance.now() - started,
    storeMs: tally.storeMs,
    workloads: tally.workloads,
    errors: tally.errors.length,
    throttlingErrors: tally.errors.filter(m => THROTTLING.test(m)).length,
    failedClusters: 0,
    sampleErrors: tally.errors.slice(0, 5),
  };
}
