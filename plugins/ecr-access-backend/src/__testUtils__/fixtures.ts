// Kept only for dev/seedStatuses.ts, which is not a test file and imports the builders from
// here; the builders live in __fixtures__/workloads.ts. Delete once that import moves.
export { entityResult, workload } from '../__fixtures__/workloads';
