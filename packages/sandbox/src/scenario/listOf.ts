import { z } from 'zod';

/**
 * A list the scenario may leave out: read as empty then. Most of a scenario's lists are (a
 * cluster without workloads, a workload without pull secrets), so the schema says it once.
 */
export function listOf<T extends z.ZodType>(item: T) {
  return z.array(item).default([]);
}
