import type { EcrAccessCluster } from '@ecr-access/plugin-ecr-access-node/clients';

/**
 * What the provisioning actions need to know of a cluster of `ecrAccess.clusters` (read with
 * `readEcrAccessClusters` of `@ecr-access/plugin-ecr-access-node/clients`, shared with the
 * backend). Without `oidcIssuer`, the issuer is read with `eks:DescribeCluster`.
 */
export type TargetCluster = Pick<
  EcrAccessCluster,
  'name' | 'accountId' | 'region' | 'partition' | 'oidcIssuer' | 'imagePullAuth'
>;
