import { IamFacts, IamRoleFacts } from './iamFacts';
import { PullTarget, rolePullCheck } from './pullPrincipal';

const ACCT = '111122223333';
const OTHER = '444455556666';
const ROLE = `arn:aws:iam::${ACCT}:role/web-pull`;
const TOKEN = {
  Effect: 'Allow',
  Action: 'ecr:GetAuthorizationToken',
  Resource: '*',
};
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

function target(accountId: string, name = 'shop/web'): PullTarget {
  return {
    accountId,
    region: 'us-east-1',
    name,
    repositoryArn: `arn:aws:ecr:us-east-1:${accountId}:repository/${name}`,
  };
}

function facts(
  role: Partial<IamRoleFacts>,
  repo: PullTarget,
  policy?: Record<string, unknown>,
): IamFacts {
  return {
    roles: [{ arn: ROLE, exists: true, ...role }],
    repositories: [
      {
        accountId: repo.accountId,
        region: repo.region,
        name: repo.name,
        exists: true,
        ...(policy ? { policy } : {}),
      },
    ],
  };
}

const check = (iam: IamFacts, repo: PullTarget) => {
  const r = rolePullCheck(iam, ROLE, repo, {
    checkBreadth: false,
    label: 'pull role',
  });
  return { ability: r.ability, codes: r.findings.map(f => f.code) };
};

const repoPolicy = (Effect: string, AWS: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect, Principal: { AWS }, Action: PULL }],
});
const identity = (...Statement: object[]) => ({
  inlinePolicies: [{ Version: '2012-10-17', Statement }],
});

describe('rolePullCheck with repository policies', () => {
  const same = target(ACCT);
  const foreign = target(OTHER, 'base/img');
  const pullSame = {
    Effect: 'Allow',
    Action: PULL,
    Resource: same.repositoryArn,
  };
  const pullForeign = {
    Effect: 'Allow',
    Action: PULL,
    Resource: foreign.repositoryArn,
  };

  // IAM User Guide, "Policy evaluation logic": an explicit Deny in any policy wins.
  it('is refused by a Deny in a same-account repository policy', () => {
    const iam = facts(
      identity(TOKEN, pullSame),
      same,
      repoPolicy('Deny', ROLE),
    );
    expect(check(iam, same)).toEqual({
      ability: 'no',
      codes: ['ROLE_LACKS_ECR_PULL'],
    });
  });

  // IAM User Guide, "Policy evaluation for requests within a single account".
  it('pulls through a same-account repository policy naming the role, without an identity Allow', () => {
    const iam = facts(identity(TOKEN), same, repoPolicy('Allow', ROLE));
    expect(check(iam, same)).toEqual({ ability: 'yes', codes: [] });
  });

  // IAM User Guide, "AWS JSON policy elements: Principal": an account principal delegates.
  it('does not pull through a same-account repository policy naming only the account', () => {
    const root = `arn:aws:iam::${ACCT}:root`;
    const iam = facts(identity(TOKEN), same, repoPolicy('Allow', root));
    expect(check(iam, same)).toEqual({
      ability: 'no',
      codes: ['ROLE_LACKS_ECR_PULL'],
    });
  });

  it('still needs GetAuthorizationToken from the identity side', () => {
    const iam = facts(identity(), same, repoPolicy('Allow', ROLE));
    expect(check(iam, same).ability).toBe('no');
  });

  // IAM User Guide, "Cross-account policy evaluation logic".
  it('is refused across accounts by the repository Deny, with its code', () => {
    const iam = facts(
      identity(TOKEN, pullForeign),
      foreign,
      repoPolicy('Deny', '*'),
    );
    expect(check(iam, foreign)).toEqual({
      ability: 'no',
      codes: ['CROSS_ACCOUNT_NOT_ALLOWED'],
    });
  });

  it('needs both sides across accounts', () => {
    const allowRole = repoPolicy('Allow', ROLE);
    expect(check(facts(identity(TOKEN), foreign, allowRole), foreign)).toEqual({
      ability: 'no',
      codes: ['ROLE_LACKS_ECR_PULL'],
    });
    expect(
      check(facts(identity(TOKEN, pullForeign), foreign, allowRole), foreign),
    ).toEqual({ ability: 'yes', codes: [] });
  });

  it("leaves a grant to one of the role's sessions undecided", () => {
    const session = `arn:aws:sts::${ACCT}:assumed-role/web-pull/i-0abc`;
    const iam = facts(identity(TOKEN), same, repoPolicy('Allow', session));
    expect(check(iam, same)).toEqual({
      ability: 'undecided',
      codes: ['CONDITION_UNDECIDED'],
    });
  });

  it('reports a malformed same-account repository policy', () => {
    const iam = facts(identity(TOKEN, pullSame), same, { Statement: 'x' });
    expect(check(iam, same)).toEqual({
      ability: 'unknown',
      codes: ['INPUT_MALFORMED'],
    });
  });
});
