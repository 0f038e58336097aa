import { buildEcrPullPolicy, buildIrsaTrustPolicy } from './policyBuilders';
import { analyseTrust } from './trust';
import {
  canPullRepository,
  pullPolicyBreadth,
  rolePolicies,
} from './ecrPermissions';

describe('policy builders pass our own checks', () => {
  it('builds a trust policy that admits one ServiceAccount and is not too broad', () => {
    const subject = {
      accountId: '210987654321',
      partition: 'aws-cn',
      issuer: 'https://oidc.eks.cn-north-1.amazonaws.com.cn/id/XYZ/',
      namespace: 'pay',
      serviceAccount: 'api',
    };
    const policy = buildIrsaTrustPolicy(subject);
    expect(policy.Statement[0].Principal.Federated).toBe(
      'arn:aws-cn:iam::210987654321:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/XYZ',
    );
    expect(analyseTrust(JSON.stringify(policy), subject)).toEqual({
      decision: 'allow',
      problems: [],
      undecided: [],
    });
    expect(
      analyseTrust(policy, { ...subject, namespace: 'default' }).decision,
    ).toBe('implicit-deny');
    expect(JSON.stringify(policy).length).toBeLessThan(2048);
  });

  it('builds a pull policy that pulls exactly the named repositories', () => {
    const repos = [
      'arn:aws:ecr:us-east-1:123456789012:repository/shop/web',
      'arn:aws:ecr:us-east-1:123456789012:repository/shop/worker',
    ];
    const parsed = rolePolicies({
      arn: 'arn:aws:iam::123456789012:role/r',
      exists: true,
      inlinePolicies: [buildEcrPullPolicy({ repositoryArns: repos })],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    for (const repo of repos) {
      expect(canPullRepository(parsed, repo).decision).toBe('allow');
      expect(pullPolicyBreadth(parsed, repo)).toEqual([]);
    }
    expect(
      canPullRepository(
        parsed,
        'arn:aws:ecr:us-east-1:123456789012:repository/other',
      ).decision,
    ).toBe('implicit-deny');
  });
});
