import { parsePolicy, PolicyDocument } from './policyDocument';
import { evaluatePolicies, PolicyDecision, PolicyRequest } from './policyEval';
import { canPullRepository, roleSessionRequest } from './ecrPermissions';

/**
 * One row per class of issue #14 part 5, each citing the section of the AWS
 * documentation it follows. IAM = IAM User Guide; "operators" = "IAM JSON
 * policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html);
 * "evaluation" = "Policy evaluation logic"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */

const ACCT = '111122223333';
const ROLE = `arn:aws:iam::${ACCT}:role/pull/web-pull`;
const REPO = `arn:aws:ecr:us-east-1:${ACCT}:repository/shop/web`;
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
