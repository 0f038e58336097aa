import { parsePolicy, PolicyDocument } from './policyDocument';
import { PolicyDecision } from './policyEval';
import { canPullWithRepositoryPolicy } from './ecrPermissions';

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

function doc(statements: object[]): PolicyDocument {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements });
  if (!r.ok) throw new Error(r.error);
  return r.policy;
}

const TOKEN = {
  Effect: 'Allow',
  Action: 'ecr:GetAuthorizationToken',
  Resource: '*',
};
const allowPull = (Resource: string) => ({
  Effect: 'Allow',
  Action: PULL,
  Resource,
});
const repoStatement = (Effect: string, AWS: string, extra = {}) => ({
  Effect,
  Principal: AWS === '*' ? '*' : { AWS },
  Action: PULL,
  ...extra,
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
      [TOKEN, allowPull(REPO)],
      [repoStatement('Deny', ROLE)],
      REPO,
      'explicit-deny',
    ],
    [
      'same account: a Deny naming the account denies its roles too (IAM, "AWS JSON policy elements: Principal", AWS account principals)',
      [TOKEN, allowPull(REPO)],
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
