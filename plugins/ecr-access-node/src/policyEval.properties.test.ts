import fc from 'fast-check';
import { parsePolicy, PolicyDocument } from './policyDocument';
import { evaluatePolicies, PolicyRequest } from './policyEval';
import {
  canPullWithRepositoryPolicy,
  roleSessionRequest,
} from './ecrPermissions';

/**
 * Properties of the IAM evaluation that must hold whatever the policies
 * say: a Deny only removes access, an undecided condition never creates
 * it, and an answer the engine gives while a key is unknown is the answer
 * it would give for every value of that key.
 */

const ACCT = '111122223333';
const ROLE = `arn:aws:iam::${ACCT}:role/web-pull`;
const REPO = `arn:aws:ecr:us-east-1:${ACCT}:repository/shop/web`;
const FOREIGN_REPO = 'arn:aws:ecr:us-east-1:444455556666:repository/base/img';
const UNKNOWN = { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } };

type Json = Record<string, unknown>;

const action = fc.constantFrom(
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:GetAuthorizationToken',
  'ecr:*',
  '*',
  's3:GetObject',
);
const resource = fc.constantFrom(
  REPO,
  FOREIGN_REPO,
  '*',
  'arn:aws:ecr:*:*:repository/shop/*',
  'arn:aws:ecr:*',
  'arn:aws:ecr:*:${aws:PrincipalAccount}:repository/*',
  'arn:aws:ecr:*:*:repository/${aws:PrincipalTag/team}',
);
/** Conditions on a key the tests vary (`aws:SourceVpc`), known keys and absent ones. */
const condition = fc.constantFrom<Json | undefined>(
  undefined,
  UNKNOWN,
  { StringEquals: { 'aws:SourceVpc': 'vpc-1' } },
  { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } },
  { Null: { 'aws:SourceVpc': 'true' } },
  { 'ForAnyValue:StringLike': { 'aws:SourceVpc': 'vpc-*' } },
  { StringEquals: { 'aws:PrincipalAccount': ACCT } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/other' } },
);
const principal = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: ROLE },
  { AWS: ACCT },
  { AWS: `arn:aws:iam::${ACCT}:root` },
  { AWS: `arn:aws:sts::${ACCT}:assumed-role/web-pull/s` },
  { AWS: 'arn:aws:iam::444455556666:root' },
);

const identityStatement = fc
  .record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: fc.array(action, { minLength: 1, maxLength: 2 }),
    Resource: fc.array(resource, { minLength: 1, maxLength: 2 }),
    Condition: condition,
  })
  .map(({ Condition, ...s }) => (Condition ? { ...s, Condition } : s));

const repositoryStatement = fc
  .record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    Principal: principal,
    Action: fc.array(action, { minLength: 1, maxLength: 2 }),
    Condition: condition,
  })
  .map(({ Condition, ...s }) => (Condition ? { ...s, Condition } : s));

const statements = (of: fc.Arbitrary<Json>) => fc.array(of, { maxLength: 4 });

function doc(list: Json[]): PolicyDocument {
  const r = parsePolicy({ Version: '2012-10-17', Statement: list });
  if (!r.ok) throw new Error(r.error);
  return r.policy;
}

/** The request context for one state of `aws:SourceVpc`. */
type VpcState = 'unknown' | 'absent' | 'vpc-1' | 'vpc-2';

function request(vpc: VpcState): PolicyRequest {
  const { context } = roleSessionRequest(ROLE);
  return {
    action: 'ecr:BatchGetImage',
    resource: REPO,
    context: {
      ...context,
      ...(vpc === 'vpc-1' || vpc === 'vpc-2' ? { 'aws:sourcevpc': [vpc] } : {}),
    },
    absentKeys: vpc === 'absent' ? ['aws:sourcevpc'] : [],
  };
}

const decide = (list: Json[], vpc: VpcState = 'unknown') =>
  evaluatePolicies([doc(list)], request(vpc)).decision;

/** A working pull policy for both repositories, or nothing, before random statements. */
const GRANT = [
  { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
  {
    Effect: 'Allow',
    Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    Resource: [REPO, FOREIGN_REPO],
  },
];
const world = fc.record({
  identity: fc
    .tuple(fc.boolean(), statements(identityStatement))
    .map(([grant, rest]) => [...(grant ? GRANT : []), ...rest]),
  boundary: fc.option(statements(identityStatement), { nil: undefined }),
  repository: fc.option(statements(repositoryStatement), { nil: undefined }),
  repositoryArn: fc.constantFrom(REPO, FOREIGN_REPO),
});
type World = {
  identity: Json[];
  boundary?: Json[];
  repository?: Json[];
  repositoryArn: string;
};

function pull(w: World): string {
  return canPullWithRepositoryPolicy(
    { identity: [doc(w.identity)], boundary: w.boundary && doc(w.boundary) },
    ROLE,
    w.repositoryArn,
    w.repository && doc(w.repository),
  ).decision;
}

const RUNS = { numRuns: 400, seed: 1405 };

/** What a decision may become when a Deny statement is added. */
const AFTER_A_DENY: Record<string, string[]> = {
  allow: ['allow', 'undecided', 'explicit-deny'],
  undecided: ['undecided', 'explicit-deny'],
  'implicit-deny': ['implicit-deny', 'undecided', 'explicit-deny'],
  'explicit-deny': ['explicit-deny'],
};

/** What a decision may become when an Allow gets an undecided condition. */
const AFTER_AN_UNKNOWN_CONDITION: Record<string, string[]> = {
  allow: ['allow', 'undecided'],
  undecided: ['undecided'],
  'implicit-deny': ['implicit-deny'],
  'explicit-deny': ['explicit-deny'],
};

describe('IAM evaluation properties', () => {
  it('draws worlds of every decision, so that the properties are not vacuous', () => {
    const seen = new Set<string>();
    for (const list of fc.sample(statements(identityStatement), {
      numRuns: 400,
      seed: 1405,
    }))
      seen.add(decide(list));
    for (const w of fc.sample(world, { numRuns: 400, seed: 1405 }))
      seen.add(`pull ${pull(w)}`);
    expect([...seen].sort()).toEqual([
      'allow',
      'explicit-deny',
      'implicit-deny',
      'pull allow',
      'pull explicit-deny',
      'pull implicit-deny',
      'pull undecided',
      'undecided',
    ]);
  });

  it('a Deny can only remove access (evaluatePolicies and the full pull check)', () => {
    fc.assert(
      fc.property(
        statements(identityStatement),
        identityStatement,
        (list, extra) => {
          const deny = { ...extra, Effect: 'Deny' };
          expect(AFTER_A_DENY[decide(list)]).toContain(decide([...list, deny]));
        },
      ),
      RUNS,
    );
    fc.assert(
      fc.property(world, repositoryStatement, (w, extra) => {
        const deny = { ...extra, Effect: 'Deny' };
        const withDeny = { ...w, repository: [...(w.repository ?? []), deny] };
        expect(AFTER_A_DENY[pull(w)]).toContain(pull(withDeny));
      }),
      RUNS,
    );
  });

  it('an undecided condition added to an Allow never turns a denial into access', () => {
    fc.assert(
      fc.property(statements(identityStatement), fc.nat(), (list, at) => {
        const allows = list.filter(s => s.Effect === 'Allow');
        if (allows.length === 0) return;
        const target = allows[at % allows.length];
        const narrowed = list.map(s =>
          s === target
            ? { ...s, Condition: { ...(s.Condition as Json), ...UNKNOWN } }
            : s,
        );
        const before = decide(list);
        const after = decide(narrowed);
        expect(AFTER_AN_UNKNOWN_CONDITION[before]).toContain(after);
      }),
      RUNS,
    );
  });

  it('never guesses: a decided answer with aws:SourceVpc unknown holds for every value of it', () => {
    fc.assert(
      fc.property(statements(identityStatement), list => {
        const unknown = decide(list, 'unknown');
        if (unknown === 'undecided') return;
        for (const vpc of ['absent', 'vpc-1', 'vpc-2'] as const) {
          expect(decide(list, vpc)).toBe(unknown);
        }
      }),
      RUNS,
    );
  });

  it('is deterministic and independent of statement order', () => {
    fc.assert(
      fc.property(world, w => {
        expect(pull(structuredClone(w))).toBe(pull(w));
        const reversed = {
          ...w,
          identity: [...w.identity].reverse(),
          repository: w.repository && [...w.repository].reverse(),
        };
        expect(pull(reversed)).toBe(pull(w));
      }),
      RUNS,
    );
  });

  it('without any Allow nothing is allowed', () => {
    fc.assert(
      fc.property(world, w => {
        const denies = (list?: Json[]) =>
          list && list.filter(s => s.Effect === 'Deny');
        const stripped = {
          ...w,
          identity: denies(w.identity)!,
          repository: denies(w.repository),
        };
        expect(pull(stripped)).not.toBe('allow');
        expect(decide(stripped.identity)).not.toBe('allow');
      }),
      RUNS,
    );
  });
});
