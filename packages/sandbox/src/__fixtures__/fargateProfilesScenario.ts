import { ScenarioInput } from '../scenario/schema';

export const ACCOUNT = '111122223333';

/** A mixed cluster's profiles: labelled, wildcard, and one EKS failed to create. */
export const fargateProfilesScenario: ScenarioInput = {
  name: 'fargate-profiles',
  accounts: [
    {
      id: ACCOUNT,
      credentials: [{ accessKeyId: 'AKIASANDBOXFARGATE01' }],
      roles: ['fargate-labelled', 'fargate-batch', 'fargate-broken'].map(
        name => ({
          name,
          trust: { service: ['eks-fargate-pods.amazonaws.com'] },
          managedPolicies: ['AmazonEKSFargatePodExecutionRolePolicy'],
        }),
      ),
    },
  ],
  clusters: [
    {
      name: 'mixed',
      account: ACCOUNT,
      region: 'us-east-1',
      imagePullAuth: 'node-role',
      fargateProfiles: [
        {
          name: 'fp-labelled',
          podExecutionRole: 'fargate-labelled',
          selectors: [{ namespace: 'fgmix', labels: { compute: 'fargate' } }],
        },
        {
          name: 'fp-batch',
          podExecutionRole: 'fargate-batch',
          selectors: [{ namespace: 'batch-*' }],
        },
        {
          name: 'fp-broken',
          podExecutionRole: 'fargate-broken',
          selectors: [{ namespace: '*' }],
          status: 'CREATE_FAILED',
        },
      ],
    },
  ],
};
