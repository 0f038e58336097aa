import fc from 'fast-check';
import { awsFactsNeeded } from './factsNeeded';
import {
  ACCT,
  cluster,
  deployment,
  NODE_ROLE,
  OTHER_ACCT,
  PULL_ROLE,
  regcredCronJob,
  serviceAccount,
  snapshot,
  WEB_ROLE,
} from './__fixtures__/classify.builders';

describe('awsFactsNeeded', () => {
  it('lists each role, OIDC account and repository once', () => {
    const needed = awsFactsNeeded(
      snapshot({
        cluster: cluster({
          fargate: {
            podExecutionRoleArns: [`arn:aws:iam::${ACCT}:role/fargate-exec`],
          },
        }),
        deployments: [
          deployment(),
          deployment({
            name: 'worker',
            image: `${OTHER_ACCT}.dkr.ecr.eu-west-1.amazonaws.com/base/runtime:3`,
          }),
          deployment({ name: 'proxy', image: 'nginx' }),
        ],
        cronJobs: [regcredCronJob()],
        serviceAccounts: [
          serviceAccount({ roleArn: WEB_ROLE, ecrRoleArn: PULL_ROLE }),
          serviceAccount({ name: 'other', roleArn: WEB_ROLE }),
          serviceAccount({ name: 'bad', roleArn: 'not-an-arn' }),
        ],
      }),
    );
    expect(needed).toEqual({
      roleArns: [
        `arn:aws:iam::${ACCT}:role/fargate-exec`,
        NODE_ROLE,
        PULL_ROLE,
        WEB_ROLE,
      ].sort(),
      oidcProviderAccounts: [ACCT],
      repositories: [
        { accountId: ACCT, region: 'us-east-1', name: 'shop/web' },
        { accountId: OTHER_ACCT, region: 'eu-west-1', name: 'base/runtime' },
        { accountId: OTHER_ACCT, region: 'us-east-1', name: 'base/runtime' },
      ],
    });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), value => {
        expect(awsFactsNeeded(value as never).roleArns).toBeInstanceOf(Array);
      }),
    );
  });
});
