import type { ClusterConfig } from '@ecr-access/plugin-ecr-access-node';
import type { ScenarioInput } from '@ecr-access/sandbox';

// The world of the collector's end-to-end suites: one account, and one cluster `prod` whose
// nodes pull with their own role, into which each suite POSTs the manifests it is about.

export const ACCOUNT = '111122223333';
export const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
export const HOUR = 3600_000;

/** The ISO time `ms` milliseconds ago, as a controller would have written it. */
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/**
 * What the account holds besides the platform team's credentials: node roles (trusting EC2)
 * by name with their AWS managed policies, and repositories in us-east-1.
 */
export interface ProdAccount {
  nodeRoles?: Record<string, string[]>;
  repositories?: string[];
}

/**
 * The sandbox scenario `name`: the account (with `account`'s roles and repositories) and
 * cluster `prod`, with `cluster` over prod's fields.
 */
export function prodScenario(
  name: string,
  cluster: Partial<NonNullable<ScenarioInput['clusters']>[number]> = {},
  { nodeRoles, repositories }: ProdAccount = {},
): ScenarioInput {
  return {
    name,
    accounts: [
      {
        id: ACCOUNT,
        credentials: [{ accessKeyId: 'AKIASANDBOXPLATFORM1' }],
        ...(nodeRoles && {
          roles: Object.entries(nodeRoles).map(([role, managedPolicies]) => ({
            name: role,
            trust: { service: ['ec2.amazonaws.com'] },
            managedPolicies,
          })),
        }),
        ...(repositories && {
          repositories: repositories.map(repo => ({
            name: repo,
            region: 'us-east-1',
          })),
        }),
      },
    ],
    clusters: [
      {
        name: 'prod',
        account: ACCOUNT,
        region: 'us-east-1',
        imagePullAuth: 'node-role',
        token: 'prod-token-123456',
        ...cluster,
      },
    ],
  };
}

/** The collector's configuration of cluster `prod`. */
export function prodClusterConfig(): ClusterConfig {
  return {
    name: 'prod',
    accountId: ACCOUNT,
    region: 'us-east-1',
    imagePullAuth: 'node-role',
    nodeRoleArns: [],
  };
}
