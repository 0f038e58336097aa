import type {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { SdkAwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import {
  ClusterEndpointResolver,
  readKubernetesClusters,
} from '@ecr-access/plugin-ecr-access-node/clients';
import type { EcrAccessCluster } from '@ecr-access/plugin-ecr-access-node/clients';
import { readKubernetesClientOptions } from '../collect/kubernetesClientConfig';
import { readClusterConcurrency } from '../config/auditConcurrency';
import { readAuditSchedule } from '../config/schedule';
import type { EcrAccessStore } from '../database';
import { AuditScheduler } from './AuditScheduler';
import { runAudit } from './pipeline';

/**
 * Builds the audit from configuration: each `ecrAccess.clusters` entry joined with its
 * connection in `kubernetes.clusterLocatorMethods` (configured once, for both plugins), AWS
 * clients from `aws.accounts`, the Kubernetes request bound (`ecrAccess.kubernetes`), and the
 * scheduler tasks. A cluster missing from the
 * Kubernetes config stops start-up with the key to fix.
 */
export function createAudit(options: {
  config: RootConfigService;
  clusters: EcrAccessCluster[];
  logger: LoggerService;
  scheduler: SchedulerService;
  auth: AuthService;
  catalog: CatalogService;
  store: EcrAccessStore;
  /** The audit's cadence; read from `ecrAccess.schedule` when not given. */
  schedule?: SchedulerServiceTaskScheduleDefinition;
}): AuditScheduler {
  const { config, clusters } = options;
  const kubernetesClusters = new Map(
    readKubernetesClusters(config).map(c => [c.name, c]),
  );
  clusters.forEach((cluster, index) => {
    if (!kubernetesClusters.has(cluster.name)) {
      throw new InputError(
        `Invalid config at 'ecrAccess.clusters[${index}].name': no cluster named '${cluster.name}' in kubernetes.clusterLocatorMethods (type: config)`,
      );
    }
  });
  // Read here, before any task runs: a bad value stops start-up with its key.
  const kubernetes = readKubernetesClientOptions(config);
  const endpoints = new ClusterEndpointResolver(config);
  const pipeline = {
    connections: {
      kubernetesClusters,
      resolveEndpoint: (details: ClusterDetails) => endpoints.resolve(details),
      kubernetes,
    },
    // Bulk reads from every cluster task at once: the IAM and ECR clients of each account pace
    // themselves.
    aws: SdkAwsClients.fromConfig(config, clusters[0]?.partition, {
      iamRetryMode: 'adaptive',
      ecrRetryMode: 'adaptive',
    }),
    store: options.store,
    logger: options.logger,
    now: () => new Date(),
  };
  return new AuditScheduler({
    scheduler: options.scheduler,
    schedule: options.schedule ?? readAuditSchedule(config),
    logger: options.logger,
    auth: options.auth,
    catalog: options.catalog,
    store: options.store,
    runAudit: (cluster, scope, signal) =>
      runAudit(pipeline, cluster, scope, signal),
    clusters,
    clusterConcurrency: readClusterConcurrency(config),
  });
}
