import { analyseTrust, oidcProviderArn, TrustSubject } from './trust';
import { buildIrsaTrustPolicy } from './policyBuilders';

const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/ABC';
const subject: TrustSubject = {
  accountId: '123456789012',
  partition: 'aws',
  issuer: `https://${ISSUER}`,
  namespace: 'shop',
  serviceAccount: 'web',
};
const PROVIDER = oidcProviderArn(subject);

function trust(
  condition: object | undefined,
  principal: object | string = { Federated: PROVIDER },
) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRoleWithWebIdentity',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  };
}

const exact = {
  StringEquals: {
    [`${ISSUER}:sub`]: 'system:serviceaccount:shop:web',
    [`${ISSUER}:aud`]: 'sts.amazonaws.com',
  },
};

describe('analyseTrust', () => {
  it('admits exactly the ServiceAccount of the generated policy', () => {
    const policy = buildIrsaTrustPolicy({ ...subject });
    expect(analyseTrust(policy, subject)).toEqual({
      decision: 'allow',
      problems: [],
      undecided: [],
    });
    expect(
      analyseTrust(policy, { ...subject, serviceAccount: 'other' }).decision,
    ).toBe('implicit-deny');
  });

  it('builds the provider ARN from the issuer without scheme', () => {
    expect(PROVIDER).toBe(`arn:aws:iam::123456789012:oidc-provider/${ISSUER}`);
  });

  it('explains a wrong namespace', () => {
    const a = analyseTrust(
      trust({
        StringEquals: {
          [`${ISSUER}:sub`]: 'system:serviceaccount:default:web',
          [`${ISSUER}:aud`]: 'sts.amazonaws.com',
        },
      }),
      subject,
    );
    expect(a.decision).toBe('implicit-deny');
    expect(a.problems).toEqual([
      {
        kind: 'sub-mismatch',
        detail: 'admits system:serviceaccount:default:web',
      },
    ]);
  });

  it("explains another cluster's issuer", () => {
    const other =
      'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/XYZ';
    const a = analyseTrust(trust(undefined, { Federated: other }), subject);
    expect(a.decision).toBe('implicit-deny');
    expect(a.problems.map(p => p.kind)).toEqual(['other-issuer']);
  });

  it('uses StringLike wildcards but flags them', () => {
    const a = analyseTrust(
      trust({
        StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:shop:*' },
        StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
      }),
      subject,
    );
    expect(a.decision).toBe('allow');
    expect(a.problems.map(p => p.kind)).toEqual(['wildcard-sub']);
  });

  it('does not match wildcards under StringEquals', () => {
    const a = analyseTrust(
      trust({
        StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:shop:*' },
      }),
      subject,
    );
    expect(a.decision).toBe('implicit-deny');
  });

  it('flags a missing aud and a missing sub', () => {
    expect(
      analyseTrust(
        trust({
          StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:shop:web' },
        }),
        subject,
      ).problems.map(p => p.kind),
    ).toEqual(['missing-aud']);
    expect(
      analyseTrust(trust(undefined), subject).problems.map(p => p.kind),
    ).toEqual(['missing-sub', 'missing-aud']);
  });

  it('explains a wrong audience', () => {
    const a = analyseTrust(
      trust({
        StringEquals: {
          [`${ISSUER}:sub`]: 'system:serviceaccount:shop:web',
          [`${ISSUER}:aud`]: 'sts.amazonaws.com.cn',
        },
      }),
      subject,
    );
    expect(a.decision).toBe('implicit-deny');
    expect(a.problems).toEqual([
      {
        kind: 'aud-mismatch',
        detail: 'requires :aud sts.amazonaws.com.cn, not sts.amazonaws.com',
      },
    ]);
  });

  it('does not blame the namespace when a StringLike sub accepts it', () => {
    const a = analyseTrust(
      trust({
        StringLike: {
          [`${ISSUER}:sub`]: 'system:serviceaccount:shop:*',
          [`${ISSUER}:aud`]: 'other',
        },
      }),
      subject,
    );
    expect(a.problems.map(p => p.kind)).toEqual([
      'wildcard-sub',
      'aud-mismatch',
    ]);
  });

  it('flags Principal "*"', () => {
    const a = analyseTrust(trust(exact, '*'), subject);
    expect(a.decision).toBe('allow');
    expect(a.problems.map(p => p.kind)).toEqual(['principal-star']);
  });

  it('matches {"AWS": "*"} like "*", and lets a Deny with it refuse the token', () => {
    expect(analyseTrust(trust(exact, { AWS: '*' }), subject).decision).toBe(
      'allow',
    );
    const denied = trust(exact);
    denied.Statement.push({
      Effect: 'Deny',
      Principal: { AWS: '*' } as never,
      Action: 'sts:AssumeRoleWithWebIdentity',
    });
    expect(analyseTrust(denied, subject)).toMatchObject({
      decision: 'explicit-deny',
      problems: [{ kind: 'explicit-deny' }],
    });
  });

  it("treats another cluster's :sub as absent from this token", () => {
    const other = 'oidc.eks.eu-west-1.amazonaws.com/id/XYZ';
    const a = analyseTrust(
      trust({
        ...exact,
        StringNotEquals: { [`${other}:sub`]: 'system:serviceaccount:x:y' },
      }),
      subject,
    );
    expect(a.decision).toBe('allow');
  });

  it('says not admitted when no Allow admits, even if a conditional Deny may apply', () => {
    const policy = trust({
      StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:other:web' },
    });
    policy.Statement.push({
      Effect: 'Deny',
      Principal: '*' as never,
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    });
    expect(analyseTrust(policy, subject).decision).toBe('implicit-deny');
  });

  it('reports a policy without web identity', () => {
    const a = analyseTrust(
      {
        Statement: {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      },
      subject,
    );
    expect(a.decision).toBe('implicit-deny');
    expect(a.problems.map(p => p.kind)).toEqual(['no-web-identity']);
  });

  it('leaves conditions on other keys undecided', () => {
    const a = analyseTrust(
      trust({ ...exact, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
      subject,
    );
    expect(a.decision).toBe('undecided');
    expect(a.undecided[0]).toContain('aws:SourceIp');
  });

  it('reports unparsable trust policies', () => {
    expect(analyseTrust('%7B%22Statement', subject).error).toMatch(/malformed/);
    expect(analyseTrust(undefined, subject).error).toBeDefined();
  });
});
