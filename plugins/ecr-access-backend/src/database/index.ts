// The store, for the audit and the router of this package; not part of its public API. It is
// handed the aggregate (the pipeline's classify stage) and imports no engine code itself.
export { DatabaseEcrAccessStore } from './DatabaseEcrAccessStore';
export type { AggregateEntityStatus } from './aggregateEntityStatus';
export type * from './EcrAccessStore';
