import { PolicyDecision } from './policyEval';
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
