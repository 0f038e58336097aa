// The store, for the audit and the router of this package; not part of its public API.
export { DatabaseEcrAccessStore } from './DatabaseEcrAccessStore';
export type * from './EcrAccessStore';
