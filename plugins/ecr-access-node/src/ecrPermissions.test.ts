import {
  canPullRepository,
  pullPolicyBreadth,
  repositoryPolicyAllows,
  rolePolicies,
} from './ecrPermissions';
import { buildEcrPullPolicy } from './policyBuilders';
import { IamRoleFacts } from './iamFacts';

const REPO = 'arn:aws:ecr:us-east-1:123456789012:repository/shop/web';
const ROLE = 'arn:aws:iam::123456789012:role/web-pull';
const TOKEN = {
  Effect: 'Allow',
  Action: 'ecr:GetAuthorizationToken',
  Resource: '*',
};
const PULL = {
  Effect: 'Allow',
  Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  Resource: REPO,
};

function role(partial: Partial<IamRoleFacts>): IamRoleFacts {
  return { arn: ROLE, exists: true, ...partial };
}

function policiesOf(r: IamRoleFacts) {
  const p = rolePolicies(r);
  if (!p.ok) throw new Error(p.error);
  return p;
}

describe('canPullRepository', () => {
  it('allows token on * plus pull on the repository', () => {
    const p = policiesOf(
      role({ inlinePolicies: [{ Statement: [TOKEN, PULL] }] }),
    );
    expect(canPullRepository(p, REPO)).toEqual({
      decision: 'allow',
      missing: [],
      undecided: [],
    });
  });

  it('combines managed and inline policies', () => {
    const p = policiesOf(
      role({
        managedPolicies: [{ Statement: TOKEN }],
        inlinePolicies: [JSON.stringify({ Statement: PULL })],
      }),
    );
    expect(canPullRepository(p, REPO).decision).toBe('allow');
  });

  it('needs GetAuthorizationToken on "*", not on the repository', () => {
    const p = policiesOf(
      role({
        inlinePolicies: [{ Statement: [{ ...TOKEN, Resource: REPO }, PULL] }],
      }),
    );
    expect(canPullRepository(p, REPO)).toMatchObject({
      decision: 'implicit-deny',
      missing: ['ecr:GetAuthorizationToken'],
    });
  });

  it('is denied by a permissions boundary without ECR', () => {
    const p = policiesOf(
      role({
        inlinePolicies: [{ Statement: [TOKEN, PULL] }],
        permissionsBoundary: {
          Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        },
      }),
    );
    expect(canPullRepository(p, REPO).missing).toHaveLength(3);
  });

  it('reports undecided conditions', () => {
    const p = policiesOf(
      role({
        inlinePolicies: [
          {
            Statement: [
              TOKEN,
              {
                ...PULL,
                Condition: { StringEquals: { 'aws:ResourceTag/team': 'shop' } },
              },
            ],
          },
        ],
      }),
    );
    expect(canPullRepository(p, REPO)).toMatchObject({
      decision: 'undecided',
      missing: [],
    });
  });

  it('reports malformed documents', () => {
    expect(rolePolicies(role({ inlinePolicies: ['{oops'] }))).toEqual({
      ok: false,
      error: expect.stringContaining('inline policy 1'),
    });
    expect(rolePolicies(role({ permissionsBoundary: 'nope' }))).toEqual({
      ok: false,
      error: expect.stringContaining('boundary'),
    });
  });
});

describe('pullPolicyBreadth', () => {
  it('accepts the least-privilege policy (GetAuthorizationToken on * is required)', () => {
    const p = policiesOf(
      role({
        inlinePolicies: [buildEcrPullPolicy({ repositoryArns: [REPO] })],
      }),
    );
    expect(pullPolicyBreadth(p, REPO)).toEqual([]);
  });

  it('flags pull on *', () => {
    const p = policiesOf(
      role({
        inlinePolicies: [{ Statement: [TOKEN, { ...PULL, Resource: '*' }] }],
      }),
    );
    expect(pullPolicyBreadth(p, REPO)).toEqual([
      expect.stringContaining('beyond'),
    ]);
  });

  it('flags ecr:*', () => {
    const p = policiesOf(
      role({
        inlinePolicies: [
          {
            Statement: [
              { Effect: 'Allow', Action: 'ecr:*', Resource: REPO },
              TOKEN,
            ],
          },
        ],
      }),
    );
    expect(pullPolicyBreadth(p, REPO)).toEqual([
      expect.stringContaining('every ECR action'),
    ]);
  });

  it('flags writes', () => {
    const p = policiesOf(
      role({
        inlinePolicies: [
          {
            Statement: [
              TOKEN,
              PULL,
              { Effect: 'Allow', Action: 'ecr:PutImage', Resource: REPO },
            ],
          },
        ],
      }),
    );
    expect(pullPolicyBreadth(p, REPO)).toEqual([
      expect.stringContaining('ecr:PutImage'),
    ]);
  });

  it('does not flag what the boundary removes', () => {
    const p = policiesOf(
      role({
        inlinePolicies: [
          { Statement: { Effect: 'Allow', Action: 'ecr:*', Resource: '*' } },
        ],
        permissionsBoundary: buildEcrPullPolicy({ repositoryArns: [REPO] }),
      }),
    );
    expect(pullPolicyBreadth(p, REPO)).toEqual([]);
  });
});

describe('repositoryPolicyAllows', () => {
  const other = 'arn:aws:ecr:us-east-1:999999999999:repository/base/img';
  const allowing = (AWS: string) => ({
    Statement: {
      Effect: 'Allow',
      Principal: { AWS },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  });

  it.each([
    [ROLE, 'allow'],
    ['arn:aws:iam::123456789012:root', 'allow'],
    ['123456789012', 'allow'],
    ['*', 'allow'],
    ['arn:aws:iam::123456789012:role/other', 'implicit-deny'],
    ['arn:aws:iam::555555555555:root', 'implicit-deny'],
  ])('principal %s: %s', (principal, decision) => {
    expect(
      repositoryPolicyAllows(allowing(principal), ROLE, other),
    ).toMatchObject({ decision });
  });

  it('denies without a repository policy', () => {
    expect(repositoryPolicyAllows(undefined, ROLE, other)).toMatchObject({
      decision: 'implicit-deny',
    });
  });

  it('reports a malformed repository policy', () => {
    expect(repositoryPolicyAllows('{', ROLE, other)).toEqual({
      error: expect.stringContaining('repository policy'),
    });
  });
});
