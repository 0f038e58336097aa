import { parsePolicy, PolicyDocument } from './policyDocument';
import { evaluatePolicies, PolicyDecision, PolicyRequest } from './policyEval';
import {
  canPullRepository,
  canPullWithRepositoryPolicy,
  roleSessionRequest,
} from './ecrPermissions';
import { analyseTrust, oidcProviderArn, TrustSubject } from './trust';

/**
 * One row per class of issue #14 part 5, each citing the section of the AWS
 * documentation it follows. IAM = IAM User Guide; "operators" = "IAM JSON
 * policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html);
 * "evaluation" = "Policy evaluation logic"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */

const ACCT = '111122223333';
const OTHER = '444455556666';
const ROLE = `arn:aws:iam::${ACCT}:role/pull/web-pull`;
const REPO = `arn:aws:ecr:us-east-1:${ACCT}:repository/shop/web`;
const FOREIGN_REPO = `arn:aws:ecr:us-east-1:${OTHER}:repository/base/img`;
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

function doc(statements: object[], version = '2012-10-17'): PolicyDocument {
  const r = parsePolicy({ Version: version, Statement: statements });
  if (!r.ok) throw new Error(r.error);
  return r.policy;
}

const TOKEN = {
  Effect: 'Allow',
  Action: 'ecr:GetAuthorizationToken',
  Resource: '*',
};
const allowPull = (Resource: string | string[] = REPO, extra = {}) => ({
  Effect: 'Allow',
  Action: PULL,
  Resource,
  ...extra,
});
const repoStatement = (Effect: string, AWS: string, extra = {}) => ({
  Effect,
  Principal: AWS === '*' ? '*' : { AWS },
  Action: PULL,
  ...extra,
});

type IdentityRow = [
  string, // class and citation
  object[], // identity statements
  Partial<PolicyRequest>, // request (merged with a pull of REPO by ROLE)
  PolicyDecision,
];

describe('identity-policy evaluation, per AWS documentation', () => {
  const rows: IdentityRow[] = [
    [
      'ArnEquals takes wildcards, per component (operators, "ARN condition operators")',
      [
        allowPull(REPO, {
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::*:role/pull/*` },
          },
        }),
      ],
      {},
      'allow',
    ],
    [
      'ArnLike: a * does not cross a component (operators, "ARN condition operators")',
      [
        allowPull(REPO, {
          Condition: {
            ArnLike: { 'aws:PrincipalArn': `arn:aws:iam:*:role/pull/web-pull` },
          },
        }),
      ],
      {},
      'implicit-deny',
    ],
    [
      'ArnLike: a pattern of fewer than six components matches nothing (operators)',
      [
        allowPull(REPO, {
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } },
        }),
      ],
      {},
      'implicit-deny',
    ],
    [
      'aws:PrincipalArn is the role ARN (IAM, "AWS global condition context keys")',
      [
        allowPull(REPO, {
          Condition: { StringEquals: { 'aws:PrincipalArn': ROLE } },
        }),
      ],
      {},
      'allow',
    ],
    [
      'aws:PrincipalAccount is the role account (IAM, "AWS global condition context keys")',
      [
        allowPull(REPO, {
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCT } },
        }),
      ],
      {},
      'implicit-deny',
    ],
    [
      'Null "true" holds on an absent key (operators, "Condition operator to check existence of condition keys")',
      [
        allowPull(REPO, {
          Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } },
        }),
      ],
      { absentKeys: ['aws:multifactorauthage'] },
      'allow',
    ],
    [
      'Null "false" fails on an absent key (operators, "Condition operator to check existence of condition keys")',
      [
        allowPull(REPO, {
          Condition: { Null: { 'aws:MultiFactorAuthAge': 'false' } },
        }),
      ],
      { absentKeys: ['aws:multifactorauthage'] },
      'implicit-deny',
    ],
    [
      'Null on a key that is present (operators)',
      [
        allowPull(REPO, {
          Condition: { Null: { 'aws:PrincipalArn': 'false' } },
        }),
      ],
      {},
      'allow',
    ],
    [
      'a negated operator holds on an absent key (operators, "If the key ... is not present")',
      [
        allowPull(REPO, {
          Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } },
        }),
      ],
      { absentKeys: ['aws:sourcevpc'] },
      'allow',
    ],
    [
      '...IfExists holds on an absent key (operators, "...IfExists condition operators")',
      [
        allowPull(REPO, {
          Condition: { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } },
        }),
      ],
      { absentKeys: ['aws:sourcevpc'] },
      'allow',
    ],
    [
      'ForAnyValue on an absent key is false (IAM, "Set operators for multivalued context keys")',
      [
        allowPull(REPO, {
          Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } },
        }),
      ],
      { absentKeys: ['aws:tagkeys'] },
      'implicit-deny',
    ],
    [
      'ForAllValues on an absent key is true (IAM, "Set operators for multivalued context keys")',
      [
        allowPull(REPO, {
          Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'team' } },
        }),
      ],
      { absentKeys: ['aws:tagkeys'] },
      'allow',
    ],
    [
      'ForAnyValue with a negated operator: some value equals none (IAM, "Set operators for multivalued context keys")',
      [
        allowPull(REPO, {
          Condition: {
            'ForAnyValue:StringNotEquals': { 'aws:TagKeys': 'team' },
          },
        }),
      ],
      { context: { 'aws:tagkeys': ['team', 'owner'] } },
      'allow',
    ],
    [
      'ForAnyValue with a negated operator: every value is excluded (IAM, "Set operators for multivalued context keys")',
      [
        allowPull(REPO, {
          Condition: {
            'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['team', 'owner'] },
          },
        }),
      ],
      { context: { 'aws:tagkeys': ['team', 'owner'] } },
      'implicit-deny',
    ],
    [
      'a multivalued key without a set operator is not guessed (IAM, "Set operators for multivalued context keys")',
      [
        allowPull(REPO, {
          Condition: { StringEquals: { 'aws:TagKeys': 'team' } },
        }),
      ],
      { context: { 'aws:tagkeys': ['team'] } },
      'undecided',
    ],
    [
      'a Resource pattern of fewer than six components is ambiguous (IAM, "IAM JSON policy elements: Resource", wildcards)',
      [allowPull('arn:aws:ecr:*')],
      {},
      'undecided',
    ],
    [
      'Resource wildcards match within a component (IAM, "IAM JSON policy elements: Resource")',
      [allowPull(`arn:aws:ecr:*:${ACCT}:repository/shop/*`)],
      {},
      'allow',
    ],
    [
      'an unknown policy variable in Resource is not guessed (IAM, "IAM policy elements: Variables and tags")',
      [allowPull('arn:aws:ecr:*:*:repository/${aws:PrincipalTag/team}/*')],
      {},
      'undecided',
    ],
    [
      'a known policy variable in Resource is substituted (IAM, "IAM policy elements: Variables and tags")',
      [allowPull('arn:aws:ecr:*:${aws:PrincipalAccount}:repository/*')],
      {},
      'allow',
    ],
    [
      'a Deny whose condition is undecided makes an Allow undecided (evaluation, "explicit deny")',
      [
        allowPull(),
        {
          Effect: 'Deny',
          Action: 'ecr:*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
      ],
      {},
      'undecided',
    ],
    [
      'a Deny whose condition is undecided: the denial may be explicit (evaluation)',
      [
        {
          Effect: 'Deny',
          Action: 'ecr:*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
      ],
      {},
      'undecided',
    ],
    [
      'a decided Deny wins over an undecided one (evaluation, "explicit deny")',
      [
        allowPull(),
        {
          Effect: 'Deny',
          Action: 'ecr:*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
        { Effect: 'Deny', Action: 'ecr:BatchGetImage', Resource: '*' },
      ],
      {},
      'explicit-deny',
    ],
  ];

  it.each(rows)('%s', (_, statements, request, expected) => {
    const req: PolicyRequest = {
      action: 'ecr:BatchGetImage',
      resource: REPO,
      ...request,
      context: { ...roleSessionRequest(ROLE).context, ...request.context },
    };
    expect(evaluatePolicies([doc(statements)], req).decision).toBe(expected);
  });

  it('reads ${...} literally without Version 2012-10-17 (IAM, "IAM JSON policy elements: Version")', () => {
    const literal = doc(
      [allowPull('arn:aws:ecr:*:*:repository/${aws:PrincipalTag/team}/*')],
      '2008-10-17',
    );
    const req = { action: 'ecr:BatchGetImage', resource: REPO };
    expect(evaluatePolicies([literal], req).decision).toBe('implicit-deny');
  });

  it('needs Resource "*" for ecr:GetAuthorizationToken (ECR User Guide, "Private registry authentication")', () => {
    const scoped = {
      identity: [
        doc([
          { ...TOKEN, Resource: `arn:aws:ecr:us-east-1:${ACCT}:repository/*` },
          allowPull(),
        ]),
      ],
    };
    expect(canPullRepository(scoped, REPO, ROLE).missing).toEqual([
      'ecr:GetAuthorizationToken',
    ]);
  });
});

type RepoRow = [
  string,
  object[], // identity statements
  object[] | undefined, // repository policy statements
  string, // repository ARN
  PolicyDecision,
  object[]?, // permissions boundary
];

describe('repository policies with identity policies, per AWS documentation', () => {
  const rows: RepoRow[] = [
    [
      'same account: an explicit Deny in the repository policy denies (evaluation, "explicit deny")',
      [TOKEN, allowPull()],
      [repoStatement('Deny', ROLE)],
      REPO,
      'explicit-deny',
    ],
    [
      'same account: a Deny naming the account denies its roles too (IAM, "AWS JSON policy elements: Principal", AWS account principals)',
      [TOKEN, allowPull()],
      [repoStatement('Deny', ACCT)],
      REPO,
      'explicit-deny',
    ],
    [
      'same account: an Allow naming the role grants without an identity Allow (IAM, "Policy evaluation for requests within a single account")',
      [TOKEN],
      [repoStatement('Allow', ROLE)],
      REPO,
      'allow',
    ],
    [
      'same account: an Allow naming only the account does not grant by itself (IAM, "AWS JSON policy elements: Principal", AWS account principals)',
      [TOKEN],
      [repoStatement('Allow', `arn:aws:iam::${ACCT}:root`)],
      REPO,
      'implicit-deny',
    ],
    [
      'same account: a role-named grant is limited by an implicit deny in the boundary (evaluation, "How AWS enforcement code logic evaluates requests", IAM roles)',
      [TOKEN],
      [repoStatement('Allow', ROLE)],
      REPO,
      'implicit-deny',
      [TOKEN],
    ],
    [
      'same account: a grant to Principal * is not limited by the boundary (evaluation, "How AWS enforcement code logic evaluates requests", IAM roles)',
      [TOKEN],
      [
        repoStatement('Allow', '*', {
          Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } },
        }),
      ],
      REPO,
      'allow',
      [TOKEN],
    ],
    [
      'same account: an Allow naming one of the role\'s sessions is not guessed (IAM, "AWS JSON policy elements: Principal", role sessions)',
      [TOKEN],
      [
        repoStatement(
          'Allow',
          `arn:aws:sts::${ACCT}:assumed-role/web-pull/i-0abc`,
        ),
      ],
      REPO,
      'undecided',
    ],
    [
      'cross account: the repository policy alone does not grant (IAM, "Cross-account policy evaluation logic")',
      [TOKEN],
      [repoStatement('Allow', ROLE)],
      FOREIGN_REPO,
      'implicit-deny',
    ],
    [
      'cross account: identity Allow and a repository Allow naming the account (IAM, "Cross-account policy evaluation logic")',
      [TOKEN, allowPull(FOREIGN_REPO)],
      [repoStatement('Allow', `arn:aws:iam::${ACCT}:root`)],
      FOREIGN_REPO,
      'allow',
    ],
    [
      'cross account: no repository policy, no pull (ECR User Guide, "Private repository policies")',
      [TOKEN, allowPull(FOREIGN_REPO)],
      undefined,
      FOREIGN_REPO,
      'implicit-deny',
    ],
  ];

  it.each(rows)(
    '%s',
    // A rest parameter: jest would pass `done` to a sixth named one.
    (...[, identity, repository, repoArn, expected, boundary]: RepoRow) => {
      const check = canPullWithRepositoryPolicy(
        { identity: [doc(identity)], boundary: boundary && doc(boundary) },
        ROLE,
        repoArn,
        repository && doc(repository),
      );
      expect(check.decision).toBe(expected);
    },
  );
});

describe('IRSA trust policies, per AWS documentation', () => {
  const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/ABC';
  const OTHER_ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/XYZ';
  const subject: TrustSubject = {
    accountId: ACCT,
    partition: 'aws',
    issuer: ISSUER,
    namespace: 'shop',
    serviceAccount: 'web',
  };
  const exact = {
    StringEquals: {
      [`${ISSUER}:sub`]: 'system:serviceaccount:shop:web',
      [`${ISSUER}:aud`]: 'sts.amazonaws.com',
    },
  };
  const statement = (
    Effect: string,
    Principal: unknown,
    Condition?: object,
  ) => ({
    Effect,
    Principal,
    Action: 'sts:AssumeRoleWithWebIdentity',
    ...(Condition ? { Condition } : {}),
  });
  const federated = { Federated: oidcProviderArn(subject) };

  it.each<[string, object[], PolicyDecision]>([
    [
      'Principal "*" admits the web identity (IAM, "AWS JSON policy elements: Principal", all principals)',
      [statement('Allow', '*', exact)],
      'allow',
    ],
    [
      'Principal {"AWS": "*"} is the same as "*" (IAM, "AWS JSON policy elements: Principal", all principals)',
      [statement('Allow', { AWS: '*' }, exact)],
      'allow',
    ],
    [
      'a Deny with {"AWS": "*"} denies the web identity (evaluation, "explicit deny")',
      [statement('Allow', federated, exact), statement('Deny', { AWS: '*' })],
      'explicit-deny',
    ],
    [
      'another cluster\'s :sub is absent from this token: StringEquals on it is false (IAM, "Available keys for AWS web identity federation")',
      [
        statement('Allow', federated, {
          StringEquals: {
            [`${OTHER_ISSUER}:sub`]: 'system:serviceaccount:shop:web',
          },
        }),
      ],
      'implicit-deny',
    ],
    [
      "another cluster's :aud is absent: Null on it is true (operators, Null)",
      [
        statement('Allow', federated, {
          ...exact,
          Null: { [`${OTHER_ISSUER}:aud`]: 'true' },
        }),
      ],
      'allow',
    ],
    [
      'an undecided Deny condition makes an admitted token undecided (evaluation)',
      [
        statement('Allow', federated, exact),
        statement('Deny', '*', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
      ],
      'undecided',
    ],
  ])('%s', (_, statements, expected) => {
    const policy = { Version: '2012-10-17', Statement: statements };
    expect(analyseTrust(policy, subject).decision).toBe(expected);
  });
});
