import { PolicyDecision } from './policyEval';
import {
  analyseTrust,
  oidcProviderArn,
  TrustProblemKind,
  TrustSubject,
} from './trust';

/**
 * One row per class of issue #14 part 5, each citing the section of the AWS
 * documentation it follows. IAM = IAM User Guide; "operators" = "IAM JSON
 * policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html);
 * "evaluation" = "Policy evaluation logic"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html);
 * "principal" = "AWS JSON policy elements: Principal"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html);
 * "web identity keys" = "Available keys for AWS web identity federation"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
 */

const ACCT = '111122223333';

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
  /**
   * Breadth: too broad when the effective evaluation (Allows minus Denies,
   * with conditions) admits a caller other than this ServiceAccount.
   */
  const deny = (Condition: object) => ({
    ...statement('Deny', federated, Condition),
  });
  const any = (Action: string | string[], Condition?: object) => ({
    Effect: 'Allow',
    Principal: '*',
    Action,
    ...(Condition ? { Condition } : {}),
  });
  const audOnly = {
    StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
  };

  it.each<[string, object[], PolicyDecision, TrustProblemKind[]]>([
    [
      'kyc-checker: an Allow on :aud alone, narrowed by a Deny with StringNotEquals on :sub, admits only this ServiceAccount (evaluation: "An explicit deny in any of these policies overrides the allow"; operators: StringNotEquals is negated matching)',
      [
        statement('Allow', federated, audOnly),
        deny({
          StringNotEquals: {
            [`${ISSUER}:sub`]: 'system:serviceaccount:shop:web',
          },
        }),
      ],
      'allow',
      [],
    ],
    [
      'the same Deny with StringNotLike on the namespace leaves every ServiceAccount of it in (evaluation; operators, StringNotLike)',
      [
        statement('Allow', federated, audOnly),
        deny({
          StringNotLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:shop:*' },
        }),
      ],
      'allow',
      ['wildcard-sub'],
    ],
    [
      'a namespace-wide Allow with a Deny for this ServiceAccount: refused, and still too broad for its neighbours (evaluation)',
      [
        statement('Allow', federated, {
          StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:shop:*' },
          ...audOnly,
        }),
        deny({
          StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:shop:web' },
        }),
      ],
      'explicit-deny',
      ['wildcard-sub'],
    ],
    [
      'Principal "*" with :sub and :aud pinned by StringEquals admits only this ServiceAccount: no other token carries this issuer\'s keys (web identity keys), and a key absent from the request does not match (operators: "If the key that you specify in a policy condition is not present in the request context, the values do not match")',
      [statement('Allow', '*', exact)],
      'allow',
      [],
    ],
    [
      'Principal {"AWS": "*"} pinned the same way, equivalent to "*" (principal, all principals)',
      [statement('Allow', { AWS: '*' }, exact)],
      'allow',
      [],
    ],
    [
      'Principal "*" for sts:AssumeRole too, pinned by StringEquals on this issuer\'s keys: an AWS principal\'s request has none of them, so it is not admitted (web identity keys; operators)',
      [any(['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'], exact)],
      'allow',
      [],
    ],
    [
      'Principal "*" with StringEqualsIfExists: an AWS principal calling sts:AssumeRole lacks the keys, so the condition holds and it gets in (operators, "...IfExists condition operators")',
      [
        any(['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'], {
          StringEqualsIfExists: exact.StringEquals,
        }),
      ],
      'allow',
      ['principal-star'],
    ],
    [
      'Principal "*" for sts:AssumeRole beside an exact IRSA statement: every AWS principal may assume the role (principal, all principals: "especially true for IAM role trust policies")',
      [statement('Allow', federated, exact), any('sts:AssumeRole')],
      'allow',
      ['principal-star'],
    ],
    [
      'Principal "*" for web identity without conditions: a token of any identity provider, of any ServiceAccount, for any audience (principal; web identity keys)',
      [any('sts:AssumeRoleWithWebIdentity')],
      'allow',
      ['principal-star', 'missing-sub', 'missing-aud'],
    ],
    [
      'no :aud condition: a token of this ServiceAccount for another audience is admitted (web identity keys, aud)',
      [
        statement('Allow', federated, {
          StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:shop:web' },
        }),
      ],
      'allow',
      ['missing-aud'],
    ],
    [
      'a Deny on every audience but sts.amazonaws.com makes the aud-less Allow exact (evaluation; operators, StringNotEquals)',
      [
        statement('Allow', federated, {
          StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:shop:web' },
        }),
        deny({
          StringNotEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
        }),
      ],
      'allow',
      [],
    ],
    [
      "another cluster's exact statement beside this one adds no breadth here: its keys are absent from this issuer's tokens (web identity keys)",
      [
        statement('Allow', federated, exact),
        statement(
          'Allow',
          {
            Federated: `arn:aws:iam::${ACCT}:oidc-provider/${OTHER_ISSUER}`,
          },
          {
            StringEquals: {
              [`${OTHER_ISSUER}:sub`]: 'system:serviceaccount:shop:web',
              [`${OTHER_ISSUER}:aud`]: 'sts.amazonaws.com',
            },
          },
        ),
      ],
      'allow',
      [],
    ],
  ])('breadth: %s', (_, statements, decision, kinds) => {
    const policy = { Version: '2012-10-17', Statement: statements };
    const a = analyseTrust(policy, subject);
    expect(a.decision).toBe(decision);
    expect(a.undecided).toEqual([]);
    expect(
      a.problems
        .map(p => p.kind)
        .filter(k => k !== 'explicit-deny' && k !== 'sub-mismatch'),
    ).toEqual(kinds);
  });
});
