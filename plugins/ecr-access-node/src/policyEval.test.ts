import { parsePolicy, PolicyDocument } from './policyDocument';
import { evaluatePolicies, evaluateWithBoundary } from './policyEval';
import { wildcardMatch } from './wildcard';

function doc(...Statement: object[]): PolicyDocument {
  const r = parsePolicy({ Version: '2012-10-17', Statement });
  if (!r.ok) throw new Error(r.error);
  return r.policy;
}

const REPO = 'arn:aws:ecr:us-east-1:123456789012:repository/shop/web';
const pull = { action: 'ecr:BatchGetImage', resource: REPO };

describe('wildcardMatch', () => {
  it.each([
    ['ecr:*', 'ecr:BatchGetImage', true],
    ['ecr:Batch*', 'ecr:BatchGetImage', true],
    ['ecr:Get?', 'ecr:GetX', true],
    ['ecr:Get?', 'ecr:GetXY', false],
    ['arn:aws:ecr:*:*:repository/shop/*', REPO, true],
    ['arn:aws:ecr:*:*:repository/shop.*', REPO, false],
    ['*', '', true],
    [REPO, REPO, true],
    [REPO, `${REPO}x`, false],
    [REPO.toUpperCase(), REPO, false],
    // A `*` from a policy variable matches only a `*`.
    ['shop/\uE000', 'shop/*', true],
    ['shop/\uE000', 'shop/web', false],
    ['shop/\uE000', 'shop/\uE000', false],
  ])('%s ~ %s: %s', (p, v, expected) =>
    expect(wildcardMatch(p, v)).toBe(expected),
  );

  it('ignores case when asked, also for a pattern without wildcards', () => {
    expect(wildcardMatch('ECR:batchgetimage', 'ecr:BatchGetImage', true)).toBe(
      true,
    );
    expect(
      wildcardMatch('ecr:BatchGetImage', 'ecr:GetAuthorizationToken', true),
    ).toBe(false);
  });
});

describe('evaluatePolicies', () => {
  it('allows with a matching Allow', () => {
    expect(
      evaluatePolicies(
        [doc({ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: REPO })],
        pull,
      ).decision,
    ).toBe('allow');
  });

  it('matches actions case-insensitively and ARNs case-sensitively', () => {
    expect(
      evaluatePolicies(
        [doc({ Effect: 'Allow', Action: 'ECR:batchgetimage', Resource: REPO })],
        pull,
      ).decision,
    ).toBe('allow');
    expect(
      evaluatePolicies(
        [
          doc({
            Effect: 'Allow',
            Action: 'ecr:BatchGetImage',
            Resource: REPO.toUpperCase(),
          }),
        ],
        pull,
      ).decision,
    ).toBe('implicit-deny');
  });

  it('denies implicitly without a matching Allow', () => {
    expect(
      evaluatePolicies(
        [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
        pull,
      ).decision,
    ).toBe('implicit-deny');
    expect(evaluatePolicies([], pull).decision).toBe('implicit-deny');
  });

  it('lets an explicit Deny in any document win', () => {
    const allow = doc({ Effect: 'Allow', Action: 'ecr:*', Resource: '*' });
    const deny = doc({
      Effect: 'Deny',
      Action: 'ecr:BatchGetImage',
      Resource: '*',
    });
    expect(evaluatePolicies([allow, deny], pull).decision).toBe(
      'explicit-deny',
    );
  });

  it('handles NotAction and NotResource', () => {
    expect(
      evaluatePolicies(
        [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
        pull,
      ).decision,
    ).toBe('allow');
    expect(
      evaluatePolicies(
        [doc({ Effect: 'Allow', NotAction: 'ecr:*', Resource: '*' })],
        pull,
      ).decision,
    ).toBe('implicit-deny');
    expect(
      evaluatePolicies(
        [doc({ Effect: 'Allow', Action: 'ecr:*', NotResource: REPO })],
        pull,
      ).decision,
    ).toBe('implicit-deny');
    expect(
      evaluatePolicies(
        [
          doc({
            Effect: 'Allow',
            Action: 'ecr:*',
            NotResource: 'arn:aws:ecr:*:*:repository/other',
          }),
        ],
        pull,
      ).decision,
    ).toBe('allow');
  });

  it('never assumes an unknown condition true', () => {
    const v = evaluatePolicies(
      [
        doc({
          Effect: 'Allow',
          Action: 'ecr:*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        }),
      ],
      pull,
    );
    expect(v.decision).toBe('undecided');
    expect(v.undecided[0]).toContain('aws:SourceIp');
  });

  it('keeps an Allow undecided when a conditional Deny may apply', () => {
    const v = evaluatePolicies(
      [
        doc(
          { Effect: 'Allow', Action: 'ecr:*', Resource: '*' },
          {
            Effect: 'Deny',
            Action: 'ecr:*',
            Resource: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ),
      ],
      pull,
    );
    expect(v.decision).toBe('undecided');
  });

  // A Deny that may apply could make the denial explicit (IAM User Guide,
  // "Policy evaluation logic"): which kind of denial it is stays undecided.
  it('leaves the kind of denial undecided when a conditional Deny may apply', () => {
    const v = evaluatePolicies(
      [
        doc({
          Effect: 'Deny',
          Action: 'ecr:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ],
      pull,
    );
    expect(v.decision).toBe('undecided');
  });

  it('evaluates StringEquals, StringLike, negations and IfExists from context', () => {
    const statement = (Condition: object) =>
      doc({ Effect: 'Allow', Action: 'sts:X', Resource: '*', Condition });
    const req = {
      action: 'sts:X',
      resource: '*',
      context: { 'k:sub': ['system:serviceaccount:a:b'] },
      absentKeys: ['k:none'],
    };
    const decide = (c: object) =>
      evaluatePolicies([statement(c)], req).decision;
    expect(
      decide({ StringEquals: { 'K:SUB': 'system:serviceaccount:a:b' } }),
    ).toBe('allow');
    expect(
      decide({ StringEquals: { 'k:sub': 'system:serviceaccount:a:*' } }),
    ).toBe('implicit-deny');
    expect(
      decide({ StringLike: { 'k:sub': 'system:serviceaccount:a:*' } }),
    ).toBe('allow');
    expect(
      decide({ StringNotEquals: { 'k:sub': 'system:serviceaccount:a:b' } }),
    ).toBe('implicit-deny');
    expect(
      decide({
        StringEqualsIgnoreCase: { 'k:sub': 'SYSTEM:serviceaccount:A:B' },
      }),
    ).toBe('allow');
    expect(
      decide({
        'ForAnyValue:StringEquals': {
          'k:sub': ['x', 'system:serviceaccount:a:b'],
        },
      }),
    ).toBe('allow');
    expect(decide({ StringEqualsIfExists: { 'k:none': 'x' } })).toBe('allow');
    expect(decide({ StringEquals: { 'k:none': 'x' } })).toBe('implicit-deny');
    expect(decide({ NumericLessThan: { 'k:sub': '3' } })).toBe('undecided');
  });
});

describe('set operators on multi-valued keys', () => {
  const allowTagging = (Condition: object) =>
    doc({ Effect: 'Allow', Action: 'iam:TagRole', Resource: '*', Condition });
  const tagging = (keys: string[] | undefined) =>
    evaluatePolicies(
      [
        allowTagging({
          'ForAllValues:StringEquals': {
            'aws:TagKeys': ['managed-by', 'team'],
          },
        }),
      ],
      keys === undefined
        ? { action: 'iam:TagRole', resource: '*', absentKeys: ['aws:tagkeys'] }
        : {
            action: 'iam:TagRole',
            resource: '*',
            context: { 'aws:tagkeys': keys },
          },
    ).decision;

  it('ForAllValues holds only when every request value matches', () => {
    expect(tagging(['managed-by', 'team'])).toBe('allow');
    expect(tagging(['managed-by'])).toBe('allow');
    expect(tagging(['managed-by', 'admin'])).toBe('implicit-deny');
  });

  it('ForAllValues holds when the key is absent, as in IAM', () => {
    expect(tagging(undefined)).toBe('allow');
  });

  it('ForAnyValue holds when one request value matches', () => {
    const decision = evaluatePolicies(
      [
        allowTagging({
          'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] },
        }),
      ],
      {
        action: 'iam:TagRole',
        resource: '*',
        context: { 'aws:tagkeys': ['admin', 'team'] },
      },
    ).decision;
    expect(decision).toBe('allow');
  });

  it('ForAllValues with a negated operator: no request value may match', () => {
    const decide = (keys: string[]) =>
      evaluatePolicies(
        [
          allowTagging({
            'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['admin'] },
          }),
        ],
        {
          action: 'iam:TagRole',
          resource: '*',
          context: { 'aws:tagkeys': keys },
        },
      ).decision;
    expect(decide(['team', 'owner'])).toBe('allow');
    expect(decide(['team', 'admin'])).toBe('implicit-deny');
  });
});

describe('evaluateWithBoundary', () => {
  const identity = [doc({ Effect: 'Allow', Action: 'ecr:*', Resource: '*' })];
  it('intersects identity policies with the boundary', () => {
    expect(
      evaluateWithBoundary(
        identity,
        doc({ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*' }),
        pull,
      ).decision,
    ).toBe('allow');
    expect(
      evaluateWithBoundary(
        identity,
        doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
        pull,
      ).decision,
    ).toBe('implicit-deny');
    expect(
      evaluateWithBoundary(
        [],
        doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
        pull,
      ).decision,
    ).toBe('implicit-deny');
    expect(
      evaluateWithBoundary(
        identity,
        doc({ Effect: 'Deny', Action: 'ecr:*', Resource: '*' }),
        pull,
      ).decision,
    ).toBe('explicit-deny');
  });

  it('stays undecided only if neither side denies', () => {
    const cond = doc({
      Effect: 'Allow',
      Action: 'ecr:*',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    });
    expect(evaluateWithBoundary(identity, cond, pull).decision).toBe(
      'undecided',
    );
    expect(
      evaluateWithBoundary(
        [cond],
        doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
        pull,
      ).decision,
    ).toBe('implicit-deny');
  });
});
