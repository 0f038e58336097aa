import type { JsonObject } from '@backstage/types';

/** One benchmark size: catalog entities across clusters. */
export interface BenchSize {
  /** Catalog entities audited. */
  entities: number;
  clusters: number;
  /**
   * Entities the clusters run workloads for (default `entities`). The quick check keeps the
   * clusters fixed and varies only the catalog, so that any growth is the catalog's doing.
   */
  workloadEntities?: number;
  /** The baseline audits this many entities (an even sample) and is scaled up; see baseline.ts. */
  baselineSample: number;
}

/**
 * What the parent hands a side's child process: the app-config that points the plugin at the
 * size's sandbox, and which entities the catalog holds.
 */
export interface SideJob {
  side: 'ours' | 'baseline' | 'stock';
  size: BenchSize;
  /** `kubernetes`, `aws` and `ecrAccess.clusters` for the sandbox (see sideConfig.ts). */
  config: JsonObject;
  awsEndpoint: string;
  /**
   * Which entities to audit: `count` spread evenly over the first `total` (generatedEntityName
   * order); all of them when equal. Passed as two numbers, as the job travels in the
   * environment, which cannot hold 50,000 indexes.
   */
  entities: { total: number; count: number };
}

/** What a side reports back (its own view; the sandbox's counts are added by the parent). */
export interface SideResult {
  side: 'ours' | 'baseline' | 'stock';
  entitiesAudited: number;
  wallMs: number;
  /** Time spent in the plugin's database queries, summed (see queryTime.ts). */
  storeMs: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  /**
   * CPU time of the side's process (user and system, all its threads) over its work (ours:
   * its backend's start-up included): the plugin's or the stock backend's, their database
   * driver's and the test backend's, not the sandbox's (another process).
   */
  cpuMs: number;
  workloads: number;
  /** Errors the audit recorded (run errors, failed lists), and those caused by throttling. */
  errors: number;
  throttlingErrors: number;
  /** Cluster audits that failed as a whole (ours only: the others have no cluster audit). */
  failedClusters: number;
  sampleErrors: string[];
}

/** What a side's run measures itself; the process's peaks and CPU are added around it. */
export type SideWork = Omit<
  SideResult,
  'peakRssBytes' | 'peakHeapBytes' | 'cpuMs'
>;
