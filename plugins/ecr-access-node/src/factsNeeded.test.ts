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

const IDLE_ROLE = `arn:aws:iam::${ACCT}:role/no-pod-runs-as-this`;
const OTHER_ROLE = `arn:aws:iam::${ACCT}:role/other-team-runtime`;

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
          deployment({ sa: 'web' }),
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
          serviceAccount({ name: 'idle', roleArn: IDLE_ROLE }),
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

  it("reads no role of a ServiceAccount that no pod runs as, and a pod's default ServiceAccount's", () => {
    const needed = awsFactsNeeded(
      snapshot({
        deployments: [deployment()],
        serviceAccounts: [
          serviceAccount({ name: 'default', roleArn: WEB_ROLE }),
          serviceAccount({ name: 'idle', roleArn: IDLE_ROLE }),
        ],
      }),
    );
    expect(needed.roleArns).toEqual([NODE_ROLE, WEB_ROLE].sort());
  });

  it("reads the roles of the nodes' instance profiles", () => {
    const karpenter = `arn:aws:iam::${ACCT}:role/eks-node-karpenter`;
    const needed = awsFactsNeeded(
      snapshot({
        nodeInstanceProfiles: [
          { name: 'karpenter', roleArns: [karpenter], nodes: ['a'] },
        ],
      }),
    );
    expect(needed.roleArns).toEqual([NODE_ROLE, karpenter].sort());
  });

  it("with entities, reads only what their workloads use, not the namespace's others", () => {
    // A refresh of `web` also collects the namespace's other workloads (as possible
    // refreshers of its pull secret): their roles and repositories are not its business.
    const other = deployment({
      name: 'ledger',
      sa: 'ledger',
      image: `${OTHER_ACCT}.dkr.ecr.us-east-1.amazonaws.com/team/ledger:1`,
    });
    other.metadata.labels = { 'backstage.io/kubernetes-id': 'ledger' };
    // Its pods too: a template carrying web's label would put them under web.
    other.spec.template.metadata.labels = other.metadata.labels;
    const needed = awsFactsNeeded(
      snapshot({
        deployments: [deployment({ sa: 'web' }), other],
        cronJobs: [regcredCronJob()],
        serviceAccounts: [
          serviceAccount({ roleArn: WEB_ROLE, ecrRoleArn: PULL_ROLE }),
          serviceAccount({ name: 'ledger', roleArn: OTHER_ROLE }),
          serviceAccount({ name: 'ecr-cred-helper', roleArn: IDLE_ROLE }),
        ],
      }),
      {
        entities: [{ entityRef: 'component:default/web', kubernetesId: 'web' }],
      },
    );
    expect(needed).toEqual({
      roleArns: [NODE_ROLE, PULL_ROLE, WEB_ROLE].sort(),
      oidcProviderAccounts: [ACCT],
      repositories: [
        { accountId: ACCT, region: 'us-east-1', name: 'shop/web' },
      ],
    });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), value => {
        expect(awsFactsNeeded(value as never).roleArns).toBeInstanceOf(Array);
        expect(
          awsFactsNeeded(value as never, { entities: value as never })
            .repositories,
        ).toBeInstanceOf(Array);
      }),
    );
  });
});
