import { arnLike } from './arn';
import type { PolicyRequest } from './policyEval';
import { decodeLiterals, substituteVariables } from './policyVariables';
import { everyTri, not3, someTri, Tri, tri } from './tri';
import { wildcardMatch } from './wildcard';

/**
 * Every operator citation below is from the IAM User Guide, "IAM JSON
 * policy elements: Condition operators" and "Set operators for multivalued
 * context keys".
 */

/** Negated operator → the operator it negates. */
const NEGATED: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
  numericnotequals: 'numericequals',
  datenotequals: 'dateequals',
  notipaddress: 'ipaddress',
};

const POSITIVE = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
  'bool',
  'binaryequals',
  'ipaddress',
  'numericequals',
  'numericlessthan',
  'numericlessthanequals',
  'numericgreaterthan',
  'numericgreaterthanequals',
  'dateequals',
  'datelessthan',
  'datelessthanequals',
  'dategreaterthan',
  'dategreaterthanequals',
]);

/**
 * Global keys that are multivalued (IAM User Guide, "AWS global condition
 * context keys"): a single-valued operator on them without `ForAnyValue:`
 * or `ForAllValues:` is not something the engine guesses.
 */
const MULTIVALUED = new Set([
  'aws:tagkeys',
  'aws:principalorgpaths',
  'aws:calledvia',
  'aws:sourceorgpaths',
  'aws:resourceorgpaths',
  'aws:principalservicenameslist',
]);

interface ParsedOperator {
  set?: 'any' | 'all';
  ifExists: boolean;
  base: string;
  negated: boolean;
}

function parseOperator(name: string): ParsedOperator {
  let op = name.toLowerCase();
  let set: ParsedOperator['set'];
  if (op.startsWith('foranyvalue:')) set = 'any';
  if (op.startsWith('forallvalues:')) set = 'all';
  op = op.replace(/^for(anyvalue|allvalues):/, '');
  const ifExists = op.endsWith('ifexists') && op !== 'null';
  if (ifExists) op = op.slice(0, -'ifexists'.length);
  const negated = op in NEGATED;
  return { set, ifExists, base: NEGATED[op] ?? op, negated };
}

type KeyState =
  | { kind: 'present'; values: string[] }
  | { kind: 'absent' }
  | { kind: 'unknown' };

function keyState(key: string, req: PolicyRequest): KeyState {
  const values = req.context?.[key];
  if (values && values.length > 0) return { kind: 'present', values };
  if (values || req.absentKeys?.includes(key) || req.absentKey?.(key)) {
    return { kind: 'absent' };
  }
  return { kind: 'unknown' };
}

/** One policy value against one request value, for a positive operator. */
function compare(base: string, pattern: string, value: string): Tri {
  switch (base) {
    case 'stringequals':
      return tri(decodeLiterals(pattern) === value);
    case 'stringequalsignorecase':
      return tri(decodeLiterals(pattern).toLowerCase() === value.toLowerCase());
    case 'stringlike':
      return tri(wildcardMatch(pattern, value));
    case 'arnequals':
    case 'arnlike':
      // Six components, each compared on its own; a bare `*` is not an
      // ARN pattern the page describes, so it is not guessed.
      if (/^\*+$/.test(pattern)) return 'undecided';
      return tri(arnLike(pattern, value));
    case 'bool':
      return tri(pattern.toLowerCase() === value.toLowerCase());
    default:
      return 'undecided'; // numeric, date, IP and binary values are never in our context
  }
}

/**
 * `Null`: `true` holds when the key is absent, `false` when it is present.
 * It takes neither `IfExists` nor a set operator.
 */
function nullCondition(
  op: ParsedOperator,
  patterns: string[],
  state: KeyState,
): Tri {
  if (op.set || state.kind === 'unknown') return 'undecided';
  const wanted = patterns.map(p => p.toLowerCase());
  if (!wanted.every(w => w === 'true' || w === 'false')) return 'undecided';
  return tri(wanted.includes(state.kind === 'absent' ? 'true' : 'false'));
}

/**
 * A key absent from the request: a positive operator is false, a negated
 * one true ("If the key that you specify in a policy condition is not
 * present in the request context, the values do not match"); `...IfExists`
 * is true; `ForAllValues:` is true and `ForAnyValue:` false on an absent
 * key ("Set operators for multivalued context keys").
 */
function absentCondition(op: ParsedOperator): Tri {
  if (op.set === 'all') return 'true';
  if (op.set === 'any') return op.ifExists ? 'undecided' : 'false';
  if (op.ifExists) return 'true';
  if (!POSITIVE.has(op.base)) return 'undecided';
  return tri(op.negated);
}

/**
 * Evaluate one operator/key pair of a `Condition` block against what is
 * known of the request. Unknown keys, unsupported operators and values the
 * request does not decide are undecided, never assumed.
 *
 * @internal
 */
export function evaluateCondition(
  operator: string,
  key: string,
  patterns: string[],
  req: PolicyRequest,
  version?: string,
): Tri {
  const op = parseOperator(operator);
  const state = keyState(key.toLowerCase(), req);
  if (op.base === 'null') return nullCondition(op, patterns, state);
  if (state.kind === 'unknown') return 'undecided';
  if (state.kind === 'absent') return absentCondition(op);
  if (!POSITIVE.has(op.base)) return 'undecided';
  const { values } = state;
  if (!op.set && (values.length > 1 || MULTIVALUED.has(key.toLowerCase()))) {
    return 'undecided';
  }
  const resolved = patterns.map(p => substituteVariables(p, req, version));
  if (resolved.some(p => p === undefined)) return 'undecided';
  const matches = (v: string) =>
    someTri(resolved as string[], p => compare(op.base, p, v));
  // A negated operator holds for a value that matches none of the policy
  // values; ForAnyValue: with one is "some request value matches none".
  const holds = (v: string) => (op.negated ? not3(matches(v)) : matches(v));
  return op.set === 'all' ? everyTri(values, holds) : someTri(values, holds);
}
