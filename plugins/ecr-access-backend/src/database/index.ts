// The store, for the audit and the router of this package; not part of its public API.
import { DatabaseEcrAccessStore as Store } from './DatabaseEcrAccessStore';
import type { AggregateEntityStatus } from './aggregateEntityStatus';
// TEMPORARY (issue #16), to be removed once the tests outside src/database create their store
// with `aggregate: aggregateStatus` (from '../audit/pipeline'): until then `aggregate` may be
// left out here. The only import of the audit by the database, and only in this barrel.
import { aggregateStatus } from '../audit/pipeline/classify';

export type { AggregateEntityStatus } from './aggregateEntityStatus';
export type * from './EcrAccessStore';

/** The store; `aggregate` defaults to the pipeline's (see above). */
export class DatabaseEcrAccessStore extends Store {
  static override create(
    options: Omit<Parameters<typeof Store.create>[0], 'aggregate'> & {
      aggregate?: AggregateEntityStatus;
    },
  ): Promise<Store> {
    return Store.create({ aggregate: aggregateStatus, ...options });
  }
}
