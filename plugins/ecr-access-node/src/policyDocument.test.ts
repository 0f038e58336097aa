import { parsePolicy } from './policyDocument';

describe('parsePolicy', () => {
  const doc = {
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Action: 'ecr:GetAuthorizationToken',
      Resource: '*',
    },
  };

  it('normalises a single statement and single values', () => {
    expect(parsePolicy(doc)).toEqual({
      ok: true,
      policy: {
        statements: [
          expect.objectContaining({
            effect: 'Allow',
            actions: ['ecr:GetAuthorizationToken'],
            resources: ['*'],
            conditions: {},
          }),
        ],
        version: '2012-10-17',
      },
    });
  });

  it('accepts raw and URL-encoded JSON', () => {
    const raw = JSON.stringify(doc);
    expect(parsePolicy(raw)).toEqual(parsePolicy(doc));
    expect(parsePolicy(encodeURIComponent(raw))).toEqual(parsePolicy(doc));
  });

  it('keeps principals and conditions', () => {
    const r = parsePolicy({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:x' },
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Condition: { StringEquals: { 'a:sub': 'x', 'a:aud': ['y', 'z'] } },
        },
      ],
    });
    expect(r.ok && r.policy.statements[0]).toMatchObject({
      principal: { Federated: ['arn:x'] },
      conditions: { StringEquals: { 'a:sub': ['x'], 'a:aud': ['y', 'z'] } },
    });
  });

  it.each([
    ['{"Statement": ', /not valid JSON|Unexpected|JSON/],
    ['%7Bbroken', /malformed/],
    [[], /not a JSON object/],
    [{}, /no Statement/],
    [{ Statement: [{ Effect: 'Maybe', Action: 'x' }] }, /Effect/],
    [
      { Statement: [{ Effect: 'Allow', Resource: '*' }] },
      /Action and NotAction/,
    ],
    [{ Statement: [{ Effect: 'Allow', Action: [] }] }, /Action must be/],
    [{ Statement: [{ Effect: 'Allow', Action: 3 }] }, /Action must be/],
    [
      { Statement: [{ Effect: 'Allow', Action: 'x', Condition: 'x' }] },
      /Condition/,
    ],
    [{ Statement: ['x'] }, /not an object/],
  ])('reports %j as malformed', (input, message) => {
    const r = parsePolicy(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(message);
  });
});
