/**
 * What the provisioning actions need to know of a cluster of `ecrAccess.clusters`, as
 * `readEcrAccessClusters` of `@ecr-access/plugin-ecr-access-node/clients` (shared with the
 * backend) reads it. Declared here rather than imported so that this package's API report is
 * built from compiled types only.
 */
export interface TargetCluster {
  name: string;
  accountId: string;
  region: string;
  /** `aws`, `aws-cn` or `aws-us-gov`, from the region. */
  partition: string;
  /** Without it, the issuer is read with `eks:DescribeCluster`. */
  oidcIssuer?: string;
  imagePullAuth: 'node-role' | 'service-account-token';
}
