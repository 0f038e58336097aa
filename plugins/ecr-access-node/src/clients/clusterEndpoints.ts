import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AwsIamStrategy,
  DispatchStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
} from '@backstage/plugin-kubernetes-common';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import fs from 'node:fs';
import { ClusterEndpoint } from './kubeConfig';

/**
 * The clusters of the Kubernetes plugin's `kubernetes.clusterLocatorMethods` of `type: config`,
 * read the way that plugin reads them, so that a cluster is configured once for both plugins.
 *
 * @public
 */
export function readKubernetesClusters(config: Config): ClusterDetails[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? [])
    .map(cluster => {
      const assumeRole = cluster.getOptionalString('assumeRole');
      const externalId = cluster.getOptionalString('externalId');
      const token = cluster.getOptionalString('serviceAccountToken');
      return {
        name: cluster.getString('name'),
        url: cluster.getString('url'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        caData: cluster.getOptionalString('caData'),
        caFile: cluster.getOptionalString('caFile'),
        authMetadata: {
          [ANNOTATION_KUBERNETES_AUTH_PROVIDER]:
            cluster.getOptionalString('authProvider') ?? 'serviceAccount',
          ...(token && { serviceAccountToken: token }),
          ...(assumeRole && {
            [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]: assumeRole,
          }),
          ...(externalId && {
            [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]: externalId,
          }),
        },
      };
    });
}

/**
 * Turns a cluster's details into an endpoint with a fresh bearer token, through the Kubernetes
 * plugin's own auth strategies: `serviceAccount` (a static token) and `aws` (an EKS token signed
 * through STS with the credentials of `aws.accounts`). EKS tokens live 15 minutes, so a token
 * is obtained per audit, never cached across audits.
 *
 * @public
 */
export class ClusterEndpointResolver {
  private readonly strategy: DispatchStrategy;

  constructor(config: Config) {
    this.strategy = new DispatchStrategy({
      authStrategyMap: {
        serviceAccount: new ServiceAccountStrategy(),
        aws: new AwsIamStrategy({ config }),
      },
    });
  }

  /** The cluster's API endpoint with a fresh bearer token. */
  async resolve(details: ClusterDetails): Promise<ClusterEndpoint> {
    const provider = details.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
    if (provider !== 'serviceAccount' && provider !== 'aws') {
      throw new InputError(
        `Cluster '${details.name}' uses authProvider '${provider}'; ecr-access audits with 'serviceAccount' or 'aws' only`,
      );
    }
    // A configured token is used as is (what ServiceAccountStrategy does too); the strategy is
    // asked only for what needs it: in-cluster tokens and EKS tokens signed through STS.
    const configured = details.authMetadata.serviceAccountToken;
    const credential =
      provider === 'serviceAccount' && configured
        ? ({ type: 'bearer token', token: configured } as const)
        : await this.strategy.getCredential(details, {});
    if (credential.type !== 'bearer token') {
      throw new InputError(`Cluster '${details.name}' gave no bearer token`);
    }
    return {
      name: details.name,
      url: details.url,
      token: credential.token,
      caData:
        details.caData ??
        (details.caFile
          ? fs.readFileSync(details.caFile).toString('base64')
          : undefined),
      skipTLSVerify: details.skipTLSVerify,
    };
  }
}
