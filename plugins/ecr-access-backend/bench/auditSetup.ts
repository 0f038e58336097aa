import { ConfigReader } from '@backstage/config';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import {
  generateCatalogEntities,
  generatedEntityName,
} from '@ecr-access/sandbox';
import {
  readEcrAccessClusters,
  SdkAwsClients,
} from '@ecr-access/plugin-ecr-access-node/clients';
import knexFactory, { Knex } from 'knex';
import { toCatalogEntity } from '../src/audit/catalogEntities';
import { DatabaseEcrAccessStore } from '../src/database';
import { evenSample } from './sizes';
import type { SideJob } from './types';

/** The plugin's database service over a knex of our own, migrations included. */
export function databaseOf(knex: Knex): DatabaseService {
  return { getClient: async () => knex };
}

/** A fresh in-memory SQLite, the plugin's default engine in development. */
export function memorySqlite(): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
}

/** What both sides audit with: the same clusters, AWS clients, catalog and store. */
export async function auditSetup(job: SideJob) {
  process.env.AWS_ENDPOINT_URL = job.awsEndpoint;
  const config = new ConfigReader({
    aws: {
      accounts: job.accounts.map(a => ({
        accountId: a.accountId,
        accessKeyId: a.accessKeyId,
        secretAccessKey: 'sandbox',
      })),
    },
    ecrAccess: {
      clusters: job.clusters.map(c => ({
        name: c.name,
        accountId: c.account,
        region: c.region,
        imagePullAuth: c.imagePullAuth,
      })),
    },
  });
  const knex = memorySqlite();
  const store = await DatabaseEcrAccessStore.create({
    database: databaseOf(knex),
  });
  const catalog = generateCatalogEntities({
    entities: job.entities.total,
    clusters: job.size.clusters,
  });
  const indexes = evenSample(job.entities.total, job.entities.count);
  const entities = indexes.map(i => {
    const entity = catalog[i];
    if (entity.metadata.name !== generatedEntityName(i)) {
      throw new Error(`catalog entity ${i} is not ${generatedEntityName(i)}`);
    }
    return toCatalogEntity(entity);
  });
  return {
    store,
    knex,
    entities,
    // As createAudit builds them for the plugin's audit.
    aws: SdkAwsClients.fromConfig(config, undefined, {
      iamRetryMode: 'adaptive',
    }),
    clusters: readEcrAccessClusters(config),
    endpoints: new Map(job.clusters.map(c => [c.name, c])),
  };
}

export type AuditSetup = Awaited<ReturnType<typeof auditSetup>>;

/** Errors that are throttling surfacing: what the clients must absorb, not report. */
export const THROTTLING = /Throttl|TooManyRequests|Rate exceeded|\b429\b/;
