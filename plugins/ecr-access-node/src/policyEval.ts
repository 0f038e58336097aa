import {
  PolicyDocument,
  PolicyPrincipal,
  PolicyStatement,
} from './policyDocument';

/** Three-valued truth: conditions the engine cannot decide stay undecided. @public */
export type Tri = 'true' | 'false' | 'undecided';

/**
 * Outcome of evaluating a request against policies, after IAM's logic:
 * an explicit Deny wins, then an Allow, else the implicit deny.
 *
 * @public
 */
export type PolicyDecision =
  | 'allow'
  | 'explicit-deny'
  | 'implicit-deny'
  | 'undecided';

/** Outcome of evaluating one request against policies. @public */
export interface PolicyVerdict {
  /** The IAM decision. */
  decision: PolicyDecision;
  /** Human descriptions of the conditions that could not be decided. */
  undecided: string[];
}

/**
 * The calling principal, for resource and trust policies.
 *
 * @public
 */
export type RequestPrincipal =
  | { type: 'AWS'; arn: string; accountId: string }
  | { type: 'Federated'; arn: string };

/**
 * A request to evaluate. `context` holds the condition keys whose values are
 * known (lower-case key names); `absentKeys` the keys known to be absent.
 * Any other key makes a condition undecided, never assumed true.
 *
 * @public
 */
export interface PolicyRequest {
  /** IAM action, e.g. `ecr:BatchGetImage`. */
  action: string;
  /** Resource ARN, or `*`. */
  resource?: string;
  /** Calling principal, for resource and trust policies. */
  principal?: RequestPrincipal;
  /** Known condition key values (lower-case key names). */
  context?: Record<string, string[]>;
  /** Condition keys known to be absent. */
  absentKeys?: string[];
}

const PATTERNS = new Map<string, RegExp>();

/**
 * IAM wildcard match: `*` any run of characters, `?` exactly one.
 *
 * @public
 */
export function wildcardMatch(
  pattern: string,
  value: string,
  ignoreCase = false,
): boolean {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = PATTERNS.get(key);
  if (!re) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    // Policies repeat the same few patterns; bound the cache all the same.
    if (PATTERNS.size > 5000) PATTERNS.clear();
    PATTERNS.set(key, re);
  }
  return re.test(value);
}

function matchesAny(
  patterns: string[],
  value: string,
  ignoreCase: boolean,
): boolean {
  return patterns.some(p => wildcardMatch(p, value, ignoreCase));
}

/** Action names are case-insensitive in IAM; ARNs are case-sensitive. */
function actionApplies(s: PolicyStatement, action: string): boolean {
  if (s.actions) return matchesAny(s.actions, action, true);
  return !matchesAny(s.notActions ?? [], action, true);
}

function resourceApplies(
  s: PolicyStatement,
  resource: string | undefined,
): boolean {
  if (resource === undefined) return true; // trust policies have no Resource
  if (s.resources) return matchesAny(s.resources, resource, false);
  if (s.notResources) return !matchesAny(s.notResources, resource, false);
  return true;
}

function principalListMatches(
  p: PolicyPrincipal,
  who: RequestPrincipal,
): boolean {
  if (p === '*') return true;
  const list = p[who.type] ?? [];
  if (who.type === 'Federated')
    return list.some(v => v === '*' || v === who.arn);
  const root = who.arn.replace(/:(role|user)\/.*$/, ':root');
  return list.some(
    v => v === '*' || v === who.arn || v === who.accountId || v === root,
  );
}

function principalApplies(
  s: PolicyStatement,
  who: RequestPrincipal | undefined,
): boolean {
  if (!who) return true; // identity policies have no Principal
  if (s.principal) return principalListMatches(s.principal, who);
  if (s.notPrincipal) return !principalListMatches(s.notPrincipal, who);
  return false;
}

function compare(op: string, patterns: string[], values: string[]): boolean {
  const test = (p: string, v: string): boolean => {
    switch (op) {
      case 'stringequals':
      case 'arnequals':
        return p === v;
      case 'stringequalsignorecase':
        return p.toLowerCase() === v.toLowerCase();
      case 'stringlike':
      case 'arnlike':
        return wildcardMatch(p, v);
      case 'bool':
        return p.toLowerCase() === v.toLowerCase();
      default:
        throw new Error('unsupported');
    }
  };
  return values.some(v => patterns.some(p => test(p, v)));
}

const NEGATED: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
};

/**
 * One operator/key pair. Supports the string and ARN operators, Bool and
 * `...IfExists`, with IAM's set semantics for multi-valued keys: no prefix or
 * `ForAnyValue:` is true when any request value matches, `ForAllValues:` when
 * every request value matches (and when the key is absent or empty, which is
 * why it is usually paired with a check that the key is present). Anything
 * else is undecided.
 */
function evaluateCondition(
  opName: string,
  key: string,
  patterns: string[],
  req: PolicyRequest,
): Tri {
  const lower = opName.toLowerCase();
  const forAll = lower.startsWith('forallvalues:');
  let op = lower.replace(/^for(anyvalue|allvalues):/, '');
  const ifExists = op.endsWith('ifexists');
  if (ifExists) op = op.slice(0, -'ifexists'.length);
  const k = key.toLowerCase();
  const values = req.context?.[k];
  if (values === undefined) {
    if (!req.absentKeys?.includes(k)) return 'undecided';
    return forAll || ifExists || op in NEGATED ? 'true' : 'false';
  }
  const base = NEGATED[op] ?? op;
  const holds = (v: string) => {
    const hit = compare(base, patterns, [v]);
    return op in NEGATED ? !hit : hit;
  };
  try {
    if (forAll) return values.every(holds) ? 'true' : 'false';
    // A negated operator on a multi-valued key: true when no value matches.
    if (op in NEGATED) {
      return compare(base, patterns, values) ? 'false' : 'true';
    }
    return values.some(holds) ? 'true' : 'false';
  } catch {
    return 'undecided';
  }
}

function conditionsOf(
  s: PolicyStatement,
  req: PolicyRequest,
  undecided: string[],
): Tri {
  let result: Tri = 'true';
  for (const [op, keys] of Object.entries(s.conditions)) {
    for (const [key, patterns] of Object.entries(keys)) {
      const r = evaluateCondition(op, key, patterns, req);
      if (r === 'false') return 'false';
      if (r === 'undecided') {
        undecided.push(
          `${op} ${key} ${JSON.stringify(patterns)}${
            s.sid ? ` (${s.sid})` : ''
          }`,
        );
        result = 'undecided';
      }
    }
  }
  return result;
}

/**
 * Evaluate one request against a set of statements (one or more documents
 * that apply together, e.g. managed and inline identity policies).
 *
 * @public
 */
export function evaluatePolicies(
  docs: PolicyDocument[],
  req: PolicyRequest,
): PolicyVerdict {
  const undecided: string[] = [];
  let allow = false;
  let maybeAllow = false;
  let maybeDeny = false;
  for (const s of docs.flatMap(d => d.statements)) {
    if (!actionApplies(s, req.action) || !resourceApplies(s, req.resource))
      continue;
    if (!principalApplies(s, req.principal)) continue;
    const cond = conditionsOf(s, req, undecided);
    if (cond === 'false') continue;
    if (s.effect === 'Deny') {
      if (cond === 'true') return { decision: 'explicit-deny', undecided: [] };
      maybeDeny = true;
    } else if (cond === 'true') allow = true;
    else maybeAllow = true;
  }
  let decision: PolicyDecision = 'implicit-deny';
  if (allow && !maybeDeny) decision = 'allow';
  else if (allow || maybeAllow) decision = 'undecided';
  return { decision, undecided: decision === 'undecided' ? undecided : [] };
}

/**
 * Identity policies intersected with a permissions boundary: the request is
 * allowed only if both allow it, and a Deny in either wins.
 *
 * @public
 */
export function evaluateWithBoundary(
  identity: PolicyDocument[],
  boundary: PolicyDocument | undefined,
  req: PolicyRequest,
): PolicyVerdict {
  const id = evaluatePolicies(identity, req);
  if (!boundary) return id;
  const b = evaluatePolicies([boundary], req);
  const both = [id.decision, b.decision];
  if (both.includes('explicit-deny'))
    return { decision: 'explicit-deny', undecided: [] };
  if (both.every(d => d === 'allow'))
    return { decision: 'allow', undecided: [] };
  if (both.includes('implicit-deny'))
    return { decision: 'implicit-deny', undecided: [] };
  return {
    decision: 'undecided',
    undecided: [...id.undecided, ...b.undecided],
  };
}
