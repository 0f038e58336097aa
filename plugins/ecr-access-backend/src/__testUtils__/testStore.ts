import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { aggregateStatus } from '../audit/pipeline';
import { DatabaseEcrAccessStore } from '../database/DatabaseEcrAccessStore';
import {
  CLUSTER_RESULTS,
  CLUSTERS,
  COUNTS,
  ENTITIES,
  FACETS,
  HISTORY,
  RUNS,
} from '../database/rows';

/** The real store over `knex`, as the plugin creates it (migrations run unless skipped). */
export function storeOver(
  knex: Knex,
  options: { skipMigrations?: boolean } = {},
): Promise<DatabaseEcrAccessStore> {
  return DatabaseEcrAccessStore.create({
    aggregate: aggregateStatus,
    database: mockServices.database({ knex }),
    ...options,
  });
}

/** Every table the store writes, so that a test starts from an empty store. */
const STORE_TABLES = [
  CLUSTER_RESULTS,
  ENTITIES,
  FACETS,
  HISTORY,
  RUNS,
  CLUSTERS,
  COUNTS, // kept with the entities it counts
];

/** Deletes every row of `tables`, between tests on one database. */
async function emptyTables(
  knex: Knex,
  tables: readonly string[] = STORE_TABLES,
): Promise<void> {
  for (const table of tables) await knex(table).delete();
}

/** The store of one engine's run of a `describeStore` block. */
export interface StoreUnderTest {
  /** The database under `store`, emptied before each test of the block. */
  readonly knex: Knex;
  /** The real store over `knex`, created once for the block. */
  readonly store: DatabaseEcrAccessStore;
  /** A new, empty database of the same engine, for a test that needs one of its own. */
  newDatabase(): Promise<Knex>;
}

/**
 * `describe`s `tests` once per engine the plugin supports (PostgreSQL 15 and SQLite), each
 * over a real store made once per engine, with `emptying`'s tables emptied before each test.
 * The store and its database exist only once the block's tests run: `tests` reads them
 * inside its hooks and tests, never while it declares them.
 */
export function describeStore(
  name: string,
  tests: (db: StoreUnderTest) => void,
  options: { emptying?: readonly string[] } = {},
): void {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  describe.each(databases.eachSupportedId())(`${name} (%s)`, engine => {
    let made: { knex: Knex; store: DatabaseEcrAccessStore } | undefined;
    const ready = () => {
      if (!made) throw new Error('the store is made when the tests run');
      return made;
    };
    beforeAll(async () => {
      const knex = await databases.init(engine);
      made = { knex, store: await storeOver(knex) };
    });
    beforeEach(() => emptyTables(ready().knex, options.emptying));
    tests({
      get knex() {
        return ready().knex;
      },
      get store() {
        return ready().store;
      },
      newDatabase: () => databases.init(engine),
    });
  });
}
