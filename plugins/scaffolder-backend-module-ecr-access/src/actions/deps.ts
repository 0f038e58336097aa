import type {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AwsClients,
  SdkAwsClients,
} from '@ecr-access/plugin-ecr-access-node/clients';
import {
  ProvisioningConfig,
  readProvisioningConfig,
} from '../config/provisioningConfig';
import { TargetCluster, readTargetClusters } from '../config/targetClusters';
import { BackoffOptions, IAM_PROPAGATION_BACKOFF } from '../irsa/backoff';
import {
  KubernetesConnector,
  kubernetesConnectorFromConfig,
} from '../kubernetes/connector';

/**
 * What the provisioning actions are built from. `aws` and `clusters` default to clients from
 * config; tests pass sandbox-backed ones.
 *
 * @public
 */
export interface ProvisioningActionOptions {
  config: Config;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** AWS SDK clients per account (default: from `aws.accounts` and the SDK's chain). */
  aws?: Pick<AwsClients, 'iam' | 'eks'>;
  /** Kubernetes API per cluster (default: from `kubernetes.clusterLocatorMethods`). */
  clusters?: KubernetesConnector;
  /** How long to wait for IAM's eventual consistency (default about 30 s in all). */
  iamPropagation?: BackoffOptions;
}

/** The options with config read and defaults filled in. */
export interface ProvisioningDeps {
  permissions: PermissionsService;
  auditor: AuditorService;
  aws: Pick<AwsClients, 'iam' | 'eks'>;
  kubernetes: KubernetesConnector;
  provisioning: ProvisioningConfig;
  targetClusters: TargetCluster[];
  iamPropagation: BackoffOptions;
}

export function resolveDeps(
  options: ProvisioningActionOptions,
): ProvisioningDeps {
  return {
    permissions: options.permissions,
    auditor: options.auditor,
    aws: options.aws ?? SdkAwsClients.fromConfig(options.config),
    kubernetes:
      options.clusters ?? kubernetesConnectorFromConfig(options.config),
    provisioning: readProvisioningConfig(options.config),
    targetClusters: readTargetClusters(options.config),
    iamPropagation: options.iamPropagation ?? IAM_PROPAGATION_BACKOFF,
  };
}

/** The configured cluster of that name, or an error that lists the configured ones. */
export function findTargetCluster(
  deps: ProvisioningDeps,
  name: string,
): TargetCluster {
  const cluster = deps.targetClusters.find(c => c.name === name);
  if (!cluster) {
    const names = deps.targetClusters.map(c => c.name);
    throw new InputError(
      `cluster: '${name}' is not configured in ecrAccess.clusters (configured: ${
        names.join(', ') || 'none'
      })`,
    );
  }
  return cluster;
}
