import { ClusterAuditor } from '../src/audit/ClusterAuditor';
import type { AuditRunRecord, EcrAccessStore } from '../src/database';
import { AuditSetup, THROTTLING } from './auditSetup';
import type { SideResult } from './types';

const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** The store, timing its writes: the benchmark reports how much of the audit they take. */
function timedStore(store: EcrAccessStore, spent: { ms: number }) {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await value.apply(target, args);
        } finally {
          spent.ms += performance.now() - started;
        }
      };
    },
  });
}

/**
 * Our audit, as the plugin runs it: one `ClusterAuditor.audit` per cluster (the scheduled
 * task `ecr-access-audit:<cluster>`), all clusters at once as one replica's scheduler runs
 * them, each with the plugin's default Kubernetes client limits and AWS clients.
 */
export async function runOurs(
  setup: AuditSetup,
): Promise<Omit<SideResult, 'peakRssBytes' | 'peakHeapBytes'>> {
  const storeTime = { ms: 0 };
  const auditor = new ClusterAuditor({
    store: timedStore(setup.store, storeTime),
    logger: silentLogger,
    aws: setup.aws,
    kubernetesClusters: new Map(
      [...setup.endpoints.values()].map(c => [
        c.name,
        { name: c.name, url: c.url, authMetadata: {} },
      ]),
    ),
    resolveEndpoint: async details => ({
      name: details.name,
      url: details.url,
      token: setup.endpoints.get(details.name)!.token,
    }),
  });
  const started = performance.now();
  const runs: AuditRunRecord[] = await Promise.all(
    setup.clusters.map(cluster => auditor.audit(cluster, setup.entities)),
  );
  const wallMs = performance.now() - started;
  const errors = runs.flatMap(r => r.errors.map(e => e.message));
  return {
    side: 'ours',
    entitiesAudited: setup.entities.length,
    wallMs,
    storeMs: storeTime.ms,
    workloads: runs.reduce((sum, r) => sum + r.workloadCount, 0),
    errors: errors.length + runs.filter(r => r.status === 'failed').length,
    throttlingErrors: errors.filter(m => THROTTLING.test(m)).length,
    failedClusters: runs.filter(r => r.status === 'failed').length,
    sampleErrors: errors.slice(0, 5),
  };
}
