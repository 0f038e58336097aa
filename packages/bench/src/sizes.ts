import type { BenchSize } from './types';

/**
 * The sizes of issue #8. The baseline is linear in entities by construction (a fixed set of
 * requests per entity and cluster, paced by each API server's rate limit), so above a few
 * hundred entities it audits an even sample and its counts and time are scaled to the whole
 * catalog; the report says so wherever it does.
 */
export const DEFAULT_SIZES: BenchSize[] = [
  { entities: 1_000, clusters: 5, baselineSample: 200 },
  { entities: 10_000, clusters: 20, baselineSample: 100 },
];

export const FULL_SIZES: BenchSize[] = [
  ...DEFAULT_SIZES,
  { entities: 50_000, clusters: 50, baselineSample: 50 },
];

/**
 * The CI check: the same three clusters (the workloads of 1,000 entities, two pages of
 * Deployments each), audited for a catalog of 200 and of 2,000 entities. Our Kubernetes
 * request count must not move. Small enough for about a minute under the IAM rate limit.
 */
export const QUICK_SIZES: BenchSize[] = [
  { entities: 200, clusters: 3, workloadEntities: 1_000, baselineSample: 30 },
  { entities: 2_000, clusters: 3, workloadEntities: 1_000, baselineSample: 30 },
];

/** `count` indexes spread evenly over `0..total-1`, always including 0. */
export function evenSample(total: number, count: number): number[] {
  if (count >= total) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: count }, (_, i) =>
    Math.floor((i * total) / count),
  );
}
