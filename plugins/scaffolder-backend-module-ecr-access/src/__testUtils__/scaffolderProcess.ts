/**
 * A Backstage backend with the scaffolder and this module, in a process of its own (see
 * forkScaffolder in scaffolderChild.ts): the real scaffolder plugin and task worker on the
 * job's PostgreSQL database, the catalog holding the recovery template, AWS and the clusters
 * reached through fronts (crashPoints.ts) where the process dies at the job's crash point.
 * Sends `ready` with its port to the parent, and stops gracefully when told to.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { AddressInfo } from 'node:net';
import { scaffolderModule } from '../module';
import { recoveryTemplate } from '../__fixtures__/recoveryTemplate';
import { CrashPoint, dieWhenStored, startFront } from './crashPoints';
import type { ScaffolderJob, ScaffolderMessage } from './scaffolderChild';

type ClusterEntry = { url: string } & Record<string, unknown>;

/** The job's app-config with AWS and every cluster behind a front of this process. */
async function frontedConfig(
  job: ScaffolderJob,
  crash?: { point: CrashPoint; marker: string },
) {
  const aws = await startFront(process.env.AWS_ENDPOINT_URL!, crash);
  process.env.AWS_ENDPOINT_URL = aws.url;
  const config = structuredClone(job.config) as {
    kubernetes: { clusterLocatorMethods: Array<{ clusters: ClusterEntry[] }> };
  };
  for (const locator of config.kubernetes.clusterLocatorMethods) {
    for (const cluster of locator.clusters) {
      cluster.url = (await startFront(cluster.url, crash)).url;
    }
  }
  return config;
}

/** Dies once the scaffolder's database has stored the crash point. */
const crashPointsModule = (crash?: { point: CrashPoint; marker: string }) =>
  createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'test-crash-points',
    register({ registerInit }) {
      registerInit({
        deps: { database: coreServices.database },
        async init({ database }) {
          // The plugin's one client (the database manager caches it per plugin): the one the
          // scaffolder's task store writes with.
          if (crash) dieWhenStored(await database.getClient(), crash);
        },
      });
    },
  });

async function main() {
  const job: ScaffolderJob = JSON.parse(
    process.env.ECR_ACCESS_SCAFFOLDER_JOB ?? '',
  );
  const send = (message: ScaffolderMessage) => process.send?.(message);
  const crash = job.crashAt
    ? { point: job.crashAt, marker: job.crashMarker }
    : undefined;
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModule,
      crashPointsModule(crash),
      mockServices.rootConfig.factory({
        data: (await frontedConfig(job, crash)) as any,
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: [recoveryTemplate] }),
    ],
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stop') {
      backend.stop().finally(() => process.exit(0));
    }
  });
  // The parent going away takes this process with it.
  process.on('disconnect', () => process.exit(1));
  send({
    type: 'ready',
    port: (backend.server.address() as AddressInfo).port,
  });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
