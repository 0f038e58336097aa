/** The account of the one-account scenarios, and its registry in us-east-1. */
export const SANDBOX_ACCOUNT = '111122223333';
export const SANDBOX_REGISTRY = `${SANDBOX_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;

/**
 * A scenario's one AWS account as the platform team's credentials read it: node roles
 * (trusting EC2) by name with their AWS managed policies, and repositories in us-east-1.
 */
export function sandboxAccount(
  nodeRoles: Record<string, string[]>,
  repositories: string[],
) {
  return {
    id: SANDBOX_ACCOUNT,
    credentials: [{ accessKeyId: 'AKIASANDBOXPLATFORM1' }],
    roles: Object.entries(nodeRoles).map(([name, managedPolicies]) => ({
      name,
      trust: { service: ['ec2.amazonaws.com'] },
      managedPolicies,
    })),
    repositories: repositories.map(name => ({ name, region: 'us-east-1' })),
  };
}
