import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * What the provisioning actions need to know of a cluster in `ecrAccess.clusters`.
 *
 * @public
 */
export interface TargetCluster {
  name: string;
  accountId: string;
  region: string;
  partition: string;
  /** From config; when absent it is read with `eks:DescribeCluster`. */
  oidcIssuer?: string;
  imagePullAuth: 'node-role' | 'service-account-token';
}

const ACCOUNT_ID = /^\d{12}$/;

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The clusters of `ecrAccess.clusters`, reduced to what provisioning needs. The backend plugin
 * validates the whole block at start-up; this reads only the fields used here.
 *
 * @public
 */
export function readTargetClusters(config: Config): TargetCluster[] {
  const clusters = config.getOptionalConfigArray('ecrAccess.clusters') ?? [];
  return clusters.map((cluster, index) => {
    const accountId = cluster.getString('accountId');
    if (!ACCOUNT_ID.test(accountId)) {
      throw new InputError(
        `Invalid config at 'ecrAccess.clusters[${index}].accountId': ${accountId} is not a 12-digit AWS account id`,
      );
    }
    const region = cluster.getString('region');
    const imagePullAuth =
      cluster.getOptionalString('imagePullAuth') === 'service-account-token'
        ? 'service-account-token'
        : 'node-role';
    const oidcIssuer = cluster.getOptionalString('oidcIssuer');
    return {
      name: cluster.getString('name'),
      accountId,
      region,
      partition: partitionOf(region),
      ...(oidcIssuer && { oidcIssuer }),
      imagePullAuth,
    };
  });
}
