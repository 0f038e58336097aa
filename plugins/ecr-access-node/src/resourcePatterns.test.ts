import fc from 'fast-check';
import { resourceMatch } from './arn';
import type { PolicyRequest } from './policyEval';
import { substituteVariables } from './policyVariables';
import { resourceCovered } from './resourcePatterns';
import { someTri } from './tri';

/** What resourceCovered replaces: each entry tried in turn. */
function eachInTurn(
  list: string[],
  resource: string,
  req: PolicyRequest,
  version: string | undefined,
) {
  return someTri(list, p => {
    const pattern = substituteVariables(p, req, version);
    return pattern === undefined
      ? 'undecided'
      : resourceMatch(pattern, resource);
  });
}

const REPO = 'arn:aws:ecr:us-east-1:111122223333:repository/shop/web';

// Entries and resources built from the pieces that tell the cases apart: whole ARNs, ARNs
// with wildcards, short prefixes, policy variables, `*`.
const piece = fc.constantFrom(
  'arn',
  'aws',
  'ecr',
  'us-east-1',
  '111122223333',
  '*',
  '?',
  'repository/shop/web',
  'repository/shop/*',
  'repository/${aws:PrincipalTag/team}',
  '',
);
const arnLikeText = fc
  .array(piece, { minLength: 1, maxLength: 7 })
  .map(parts => parts.join(':'));
const known = fc.constantFrom(REPO, '*', 'arn:aws:ecr', 'arn:aws:ecr:*');
const entry = fc.oneof(arnLikeText, known);
const resource = fc.oneof(arnLikeText, known);
const request = fc.constantFrom<PolicyRequest>(
  { action: 'ecr:BatchGetImage' },
  {
    action: 'ecr:BatchGetImage',
    context: { 'aws:principaltag/team': ['shop/web'] },
  },
);

describe('resourceCovered', () => {
  it('answers as trying each entry in turn', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 6 }),
        resource,
        request,
        fc.constantFrom('2012-10-17', '2008-10-17', undefined),
        (list, res, req, version) => {
          const r = { ...req, resource: res };
          expect(resourceCovered(list, res, r, version)).toBe(
            eachInTurn(list, res, r, version),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds a repository among hundreds of whole ARNs, and leaves a short entry undecided', () => {
    const list = Array.from(
      { length: 500 },
      (_, i) => `arn:aws:ecr:us-east-1:111122223333:repository/svc-${i}/app`,
    );
    const req = { action: 'ecr:BatchGetImage' };
    expect(resourceCovered(list, list[321], req, '2012-10-17')).toBe('true');
    expect(resourceCovered(list, REPO, req, '2012-10-17')).toBe('false');
    expect(resourceCovered(list, '*', req, '2012-10-17')).toBe('false');
    expect(
      resourceCovered(['arn:aws:ecr'], 'arn:aws:ecr', req, '2012-10-17'),
    ).toBe('undecided');
  });
});
