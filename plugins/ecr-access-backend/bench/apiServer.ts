/**
 * The API under load, in a process of its own so that the load generator does not share its
 * event loop: stores the 50,000 statuses (timed), starts the plugin in a test backend and
 * prints `BENCH_API_READY <json>`; stops on SIGTERM.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { ecrAccessPlugin } from '../src/plugin';
import { DatabaseEcrAccessStore } from '../src/database';
import { databaseOf, memorySqlite } from './auditSetup';
import { loadEntityName, loadStatuses } from './statusLoad';

export interface ApiServerJob {
  /** PostgreSQL database URL; SQLite in memory when absent. */
  postgresUrl?: string;
  storedEntities: number;
  /** Entities the status requests cycle over (their catalog entries are served). */
  statusTargets: number;
}

async function main() {
  const job: ApiServerJob = JSON.parse(process.env.BENCH_API_JOB ?? '');
  const knex: Knex = job.postgresUrl
    ? knexFactory({ client: 'pg', connection: job.postgresUrl })
    : memorySqlite();
  const store = await DatabaseEcrAccessStore.create({
    database: databaseOf(knex),
  });
  const written = await loadStatuses(store, job.storedEntities);
  const step = Math.floor(job.storedEntities / job.statusTargets);
  const names = Array.from({ length: job.statusTargets }, (_, i) =>
    loadEntityName(i * step),
  );
  const backend = await startTestBackend({
    features: [
      ecrAccessPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: { ecrAccess: { clusters: [] } },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.user(),
      }),
      catalogServiceMock.factory({
        entities: names.map(name => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name, namespace: 'default' },
          spec: { owner: 'group:default/team-0' },
        })),
      }),
    ],
  });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(
    `BENCH_API_READY ${JSON.stringify({ port, names, ...written })}\n`,
  );
  process.once('SIGTERM', () => {
    // Requests still queued when the load stops need not finish: exit with the backend.
    backend.stop().finally(() => process.exit(0));
  });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
