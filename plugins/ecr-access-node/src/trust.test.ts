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

  it('does not flag Principal "*" whose :sub and :aud pin this ServiceAccount', () => {
    // Changed: was ['principal-star']. Only a token of this issuer carries its
    // :sub and :aud (IAM, "Available keys for AWS web identity federation");
    // without them StringEquals is false (Condition operators), and the
    // statement allows only sts:AssumeRoleWithWebIdentity: no other caller
    // gets in (see trust.awsDocs.test.ts).
    const a = analyseTrust(trust(exact, '*'), subject);
    expect(a.decision).toBe('allow');
    expect(a.problems).toEqual([]);
  });

  it('flags Principal "*" when it lets in a caller other than this ServiceAccount', () => {
    const any = (Action: string, Condition?: object) => ({
      Version: '2012-10-17',
      Statement: [
        trust(exact).Statement[0],
        {
          Effect: 'Allow',
          Principal: '*',
          Action,
          ...(Condition ? { Condition } : {}),
        },
      ],
    });
    const star = (policy: object) =>
      analyseTrust(policy, subject).problems.map(p => p.kind);
    // Any AWS principal may call sts:AssumeRole.
    expect(star(any('sts:AssumeRole'))).toEqual(['principal-star']);
    // A token of any identity provider is admitted.
    expect(star(any('sts:AssumeRoleWithWebIdentity'))).toEqual([
      'principal-star',
      'missing-sub',
      'missing-aud',
    ]);
    // A negated operator on this issuer's :sub holds where the key is absent.
    expect(
      star(
        any('sts:AssumeRole', {
          StringNotEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:x:y' },
        }),
      ),
    ).toEqual(['principal-star']);
    expect(analyseTrust(any('sts:AssumeRole'), subject).problems[0]).toEqual({
      kind: 'principal-star',
      detail: 'a statement allows Principal "*"',
    });
  });

  it('reads an Allow narrowed by a StringNotEquals Deny to this ServiceAccount as exact (kyc-checker)', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        trust({ StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' } })
          .Statement[0],
        {
          Effect: 'Deny',
          Principal: { Federated: PROVIDER },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringNotEquals: {
              [`${ISSUER}:sub`]: 'system:serviceaccount:shop:web',
            },
          },
        },
      ],
    };
    expect(analyseTrust(policy, subject)).toEqual({
      decision: 'allow',
      problems: [],
      undecided: [],
    });
    expect(
      analyseTrust(policy, { ...subject, serviceAccount: 'worker' }).decision,
    ).toBe('explicit-deny');
  });

  it('names what a Deny leaves in when it narrows to a namespace', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        trust({ StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' } })
          .Statement[0],
        {
          Effect: 'Deny',
          Principal: { Federated: PROVIDER },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringNotLike: {
              [`${ISSUER}:sub`]: 'system:serviceaccount:shop:*',
            },
          },
        },
      ],
    };
    expect(analyseTrust(policy, subject).problems).toEqual([
      {
        kind: 'wildcard-sub',
        detail:
          ':sub admits other ServiceAccounts of namespace shop, system:serviceaccount:shop:*',
      },
    ]);
  });

  it('flags a second ServiceAccount named beside this one, not one named alone', () => {
    const both = trust({
      StringEquals: {
        [`${ISSUER}:sub`]: [
          'system:serviceaccount:shop:web',
          'system:serviceaccount:shop:worker',
        ],
        [`${ISSUER}:aud`]: 'sts.amazonaws.com',
      },
    });
    expect(analyseTrust(both, subject).problems).toEqual([
      {
        kind: 'wildcard-sub',
        detail:
          ':sub StringEquals system:serviceaccount:shop:web, system:serviceaccount:shop:worker',
      },
    ]);
    // The same policy read for shop:other names no ServiceAccount it admits: a mismatch only.
    expect(
      analyseTrust(both, { ...subject, serviceAccount: 'other' }).problems.map(
        p => p.kind,
      ),
    ).toEqual(['sub-mismatch']);
  });

  it('flags a pattern that admits this ServiceAccount and its neighbours', () => {
    const a = analyseTrust(
      trust({
        StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:shop:we?' },
        StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
      }),
      subject,
    );
    expect(a.decision).toBe('allow');
    expect(a.problems).toEqual([
      {
        kind: 'wildcard-sub',
        detail: ':sub StringLike system:serviceaccount:shop:we?',
      },
    ]);
  });

  it('leaves breadth undecided when only an unknown condition keeps another caller out', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        trust(exact).Statement[0],
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
        },
      ],
    };
    const a = analyseTrust(policy, subject);
    expect(a.decision).toBe('allow');
    expect(a.problems).toEqual([]);
    expect(a.undecided).toEqual(['StringEquals aws:PrincipalOrgID ["o-abc"]']);
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
