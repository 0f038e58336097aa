import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readEcrAccessClusters } from '@ecr-access/plugin-ecr-access-node/clients';
import type { Sandbox } from '@ecr-access/sandbox';
import type { Knex } from 'knex';
import { createAudit } from '../audit/createAudit';
import { AuditRunRecord, DatabaseEcrAccessStore } from '../database';
import {
  sandboxAppConfig,
  SandboxAppConfigOptions,
} from '@ecr-access/test-utils';
import { aggregateStatus } from '../audit/pipeline';

/**
 * The audit exactly as the plugin builds it from app-config (`createAudit`: cluster
 * connections, AWS clients, the Kubernetes request bound), over a running sandbox and a
 * test database, without the scheduler: the test decides when each cluster is audited.
 * Set `AWS_ENDPOINT_URL` to the sandbox first; the AWS clients read it.
 */
export async function createAuditHarness(options: {
  knex: Knex;
  sandbox: Sandbox;
  entities: Entity[];
  /** What the suite changes in the sandbox's app-config (`sandboxAppConfig`). */
  appConfig?: SandboxAppConfigOptions;
  logger?: LoggerService;
}) {
  const config = new ConfigReader(
    sandboxAppConfig(options.sandbox, options.appConfig),
  );
  const clusters = readEcrAccessClusters(config);
  const store = await DatabaseEcrAccessStore.create({
    database: mockServices.database({ knex: options.knex }),
    aggregate: aggregateStatus,
  });
  const audit = createAudit({
    config,
    clusters,
    logger: options.logger ?? mockServices.logger.mock(),
    scheduler: mockServices.scheduler.mock(),
    auth: mockServices.auth(),
    catalog: catalogServiceMock({ entities: options.entities }),
    store,
  });
  return {
    store,
    clusters,
    audit,
    /** One audit of every cluster, one after the other, as the scheduled tasks run them. */
    async auditAll(): Promise<AuditRunRecord[]> {
      const runs: AuditRunRecord[] = [];
      for (const cluster of clusters) {
        runs.push(await audit.auditCluster(cluster));
      }
      return runs;
    },
  };
}

export type AuditHarness = Awaited<ReturnType<typeof createAuditHarness>>;
