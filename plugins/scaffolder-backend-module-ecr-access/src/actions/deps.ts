import type {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AwsClients,
  SdkAwsClients,
  readEcrAccessClusters,
} from '@ecr-access/plugin-ecr-access-node/clients';
import {
  ProvisioningConfig,
  readProvisioningConfig,
} from '../config/provisioningConfig';
import type { TargetCluster } from '../config/targetClusters';
import { BackoffOptions, IAM_PROPAGATION_BACKOFF } from '../irsa/backoff';
import {
  KubernetesConnector,
  kubernetesConnectorFromConfig,
} from '../kubernetes/connector';

/**
 * AWS SDK clients per account, with that account's credentials: the engine's `AwsClients`
 * without ECR, which provisioning never calls (IAM for the role, EKS for a cluster's OIDC
 * issuer). An `AwsClients` of the backend plugin serves as is.
 *
 * @public
 */
export type ProvisioningAwsClients = Pick<AwsClients, 'iam' | 'eks'>;

/**
 * What the provisioning actions are built from. `aws` and `clusters` default to clients from
 * config; tests pass sandbox-backed ones.
 *
 * @public
 */
export interface ProvisioningActionOptions {
  /** The app config: `ecrAccess.clusters`, `ecrAccess.provisioning`, `aws`, `kubernetes`. */
  config: Config;
  /** Checks the provisioning permission of the task's initiator. */
  permissions: PermissionsService;
  /** Records each write (role created, ServiceAccount created or patched). */
  auditor: AuditorService;
  /** AWS SDK clients per account (default: from `aws.accounts` and the SDK's chain). */
  aws?: ProvisioningAwsClients;
  /** Kubernetes API per cluster (default: from `kubernetes.clusterLocatorMethods`). */
  clusters?: KubernetesConnector;
  /** How long to wait for IAM's eventual consistency (default about 30 s in all). */
  iamPropagation?: BackoffOptions;
}

/** The options with config read and defaults filled in. */
export interface ProvisioningDeps {
  permissions: PermissionsService;
  auditor: AuditorService;
  aws: ProvisioningAwsClients;
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
    targetClusters: readEcrAccessClusters(options.config),
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
