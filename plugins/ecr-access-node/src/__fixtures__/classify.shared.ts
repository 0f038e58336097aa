/* The fixture shape and the worlds that several fixture files share. */
import {
  FindingCode,
  Health,
  PullAuth,
  RuntimeIdentity,
} from '@ecr-access/plugin-ecr-access-common';
import { ClusterSnapshot } from '../snapshot';
import { IamFacts } from '../iamFacts';
import {
  cluster,
  deployment,
  OTHER_ACCT,
  PULL_ROLE,
  regcredCronJob,
  secret,
  secretRole,
  secretRoleBinding,
  serviceAccount,
  snapshot,
  WEB_ROLE,
} from './classify.builders';

export interface ClassifyFixture {
  name: string;
  snapshot: ClusterSnapshot;
  iam: IamFacts;
  expected: {
    pullAuth: PullAuth;
    pullAuths?: PullAuth[];
    runtimeIdentity: RuntimeIdentity;
    health: Health;
    codes: FindingCode[];
  };
  /** Codes this case is a near miss of: it looks like them but must not produce them. */
  nearMissOf?: FindingCode[];
}

export const ok = (
  pullAuth: PullAuth,
  runtimeIdentity: RuntimeIdentity = 'node-role',
) => ({ pullAuth, runtimeIdentity, health: 'ok' as Health, codes: [] });
export const tokenCluster = cluster({ imagePullAuth: 'service-account-token' });
export const noNodeRoles = cluster({ nodeRoleArns: [] });
export const irsaSa = serviceAccount({ roleArn: WEB_ROLE });
export const pullSa = serviceAccount({ ecrRoleArn: PULL_ROLE });
export const otherRepoImage = `${OTHER_ACCT}.dkr.ecr.us-east-1.amazonaws.com/base/runtime:3`;
export const otherRepoArn = `arn:aws:ecr:us-east-1:${OTHER_ACCT}:repository/base/runtime`;
export const regcredWorld = {
  serviceAccounts: [
    serviceAccount(),
    serviceAccount({ name: 'ecr-cred-helper', labels: {} }),
  ],
  secrets: [secret({ writtenHoursAgo: 2 })],
  cronJobs: [regcredCronJob({ lastSuccessHoursAgo: 2 })],
  roles: [secretRole()],
  roleBindings: [secretRoleBinding()],
};
export const withRegcred = (over: Partial<ClusterSnapshot>) =>
  snapshot({
    cluster: noNodeRoles,
    deployments: [deployment({ pullSecrets: ['regcred'] })],
    ...over,
  });
