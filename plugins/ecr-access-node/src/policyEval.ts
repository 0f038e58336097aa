import { evaluateCondition } from './conditionOperators';
import {
  PolicyDocument,
  PolicyPrincipal,
  PolicyStatement,
} from './policyDocument';
import { coversAtAll, principalCover, PrincipalCover } from './principalMatch';
import { resourceCovered } from './resourcePatterns';
import { and3, not3, or3, Tri } from './tri';
import { wildcardMatch } from './wildcard';

/**
 * Outcome of evaluating a request against policies, after IAM's logic:
 * an explicit Deny wins, then an Allow, else the implicit deny. Undecided
 * when what is not known could change it, including whether a denial is
 * explicit (a Deny whose condition is undecided).
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
  /** Human descriptions of what could not be decided. */
  undecided: string[];
}

/**
 * The calling principal, for resource and trust policies: for `AWS`, the
 * ARN of the IAM role (or user) whose session calls; for `Service`, an AWS
 * service principal such as `pods.eks.amazonaws.com` (EKS Pod Identity).
 *
 * @public
 */
export type RequestPrincipal =
  | { type: 'AWS'; arn: string; accountId: string }
  | { type: 'Federated'; arn: string }
  | { type: 'Service'; service: string };

/**
 * A request to evaluate. `context` holds the condition keys whose values are
 * known (lower-case key names); `absentKeys` and `absentKey` the keys known
 * to be absent. Any other key makes a condition undecided, never assumed.
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
  /** Condition keys known to be absent (lower-case). */
  absentKeys?: string[];
  /** Whether a (lower-case) key is known to be absent, for families of keys. */
  absentKey?: (key: string) => boolean;
}

/**
 * Whether any Allow and any Deny statement applies to a request, each
 * three-valued, with the descriptions of what could not be decided.
 */
interface PolicyEffects {
  /** An Allow statement applies. */
  allow: Tri;
  /** A Deny statement applies. */
  deny: Tri;
  /** Human descriptions of what could not be decided. */
  undecided: string[];
}

/** Action names are case-insensitive in IAM; ARNs are case-sensitive. */
function actionApplies(s: PolicyStatement, action: string): boolean {
  const hit = (list: string[]) =>
    list.some(p => wildcardMatch(p, action, true));
  return s.actions ? hit(s.actions) : !hit(s.notActions ?? []);
}

function resourceApplies(
  s: PolicyStatement,
  req: PolicyRequest,
  version: string | undefined,
): Tri {
  const resource = req.resource;
  if (resource === undefined) return 'true'; // trust policies have no Resource
  if (s.resources) return resourceCovered(s.resources, resource, req, version);
  if (s.notResources) {
    return not3(resourceCovered(s.notResources, resource, req, version));
  }
  return 'true';
}

/** How the statement's principal covers the caller; `grant` picks the kinds that count. */
function principalApplies(
  s: PolicyStatement,
  who: RequestPrincipal | undefined,
  grant: (c: PrincipalCover) => Tri,
): Tri {
  // Identity policies (and boundaries) have no Principal: they apply to
  // their own principal.
  if (!who || (!s.principal && !s.notPrincipal)) return 'true';
  if (s.principal) return grant(principalCover(s.principal, who));
  if (s.notPrincipal) {
    // NotPrincipal excludes a role's sessions only when they are listed
    // themselves (IAM User Guide, "AWS JSON policy elements: NotPrincipal"):
    // applied when nothing in it is the caller, otherwise not guessed.
    const listed = coversAtAll(principalCover(s.notPrincipal, who));
    return listed === 'false' ? 'true' : 'undecided';
  }
  return 'true';
}

function describePrincipal(p: PolicyPrincipal | undefined): string {
  return `Principal ${JSON.stringify(p)}`;
}

function conditionsApply(
  s: PolicyStatement,
  req: PolicyRequest,
  version: string | undefined,
  notes: string[],
): Tri {
  let result: Tri = 'true';
  for (const [op, keys] of Object.entries(s.conditions)) {
    for (const [key, patterns] of Object.entries(keys)) {
      const r = evaluateCondition(op, key, patterns, req, version);
      if (r === 'false') return 'false';
      if (r === 'undecided') {
        notes.push(`${op} ${key} ${JSON.stringify(patterns)}`);
        result = 'undecided';
      }
    }
  }
  return result;
}

function statementApplies(
  s: PolicyStatement,
  version: string | undefined,
  req: PolicyRequest,
  grant: (c: PrincipalCover) => Tri,
  undecided: string[],
): Tri {
  if (!actionApplies(s, req.action)) return 'false';
  const notes: string[] = [];
  const resource = resourceApplies(s, req, version);
  if (resource === 'false') return 'false';
  if (resource === 'undecided') notes.push(`Resource of ${req.resource}`);
  const principal = principalApplies(s, req.principal, grant);
  if (principal === 'false') return 'false';
  if (principal === 'undecided')
    notes.push(describePrincipal(s.principal ?? s.notPrincipal));
  const conditions = conditionsApply(s, req, version, notes);
  const result = and3(resource, principal, conditions);
  if (result === 'undecided') {
    const sid = s.sid ? ` (${s.sid})` : '';
    undecided.push(...notes.map(n => `${n}${sid}`));
  }
  return result;
}

/**
 * Whether the Allow and the Deny statements of a set of documents (e.g. a
 * role's managed and inline policies) apply to a request. `grant` picks
 * which kinds of principal cover count for Allow statements of resource
 * policies (all by default); a Deny applies to any cover.
 */
export function policyEffects(
  docs: PolicyDocument[],
  req: PolicyRequest,
  grant: (c: PrincipalCover) => Tri = coversAtAll,
): PolicyEffects {
  const undecided: string[] = [];
  const allows: Tri[] = [];
  const denies: Tri[] = [];
  for (const doc of docs) {
    for (const s of doc.statements) {
      const deny = s.effect === 'Deny';
      const r = statementApplies(
        s,
        doc.version,
        req,
        deny ? coversAtAll : grant,
        undecided,
      );
      (deny ? denies : allows).push(r);
    }
  }
  return { allow: or3(...allows), deny: or3(...denies), undecided };
}

/**
 * IAM's decision from effects: an explicit Deny wins, then an Allow, else
 * the implicit deny ("Policy evaluation logic", "How AWS enforcement code
 * logic evaluates requests"). A Deny that may apply leaves the decision
 * undecided, since it could be an explicit deny.
 */
function decisionOf(effects: PolicyEffects): PolicyVerdict {
  let decision: PolicyDecision = 'implicit-deny';
  if (effects.deny === 'true') decision = 'explicit-deny';
  else if (effects.deny === 'undecided') decision = 'undecided';
  else if (effects.allow === 'true') decision = 'allow';
  else if (effects.allow === 'undecided') decision = 'undecided';
  const undecided =
    decision === 'undecided' ? [...new Set(effects.undecided)] : [];
  return { decision, undecided };
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
  return decisionOf(policyEffects(docs, req));
}

/**
 * Identity policies limited by a permissions boundary: an Allow needs both
 * ("Permissions boundaries for IAM entities"), a Deny in either wins.
 */
export function identityEffects(
  identity: PolicyDocument[],
  boundary: PolicyDocument | undefined,
  req: PolicyRequest,
): PolicyEffects {
  const id = policyEffects(identity, req);
  if (!boundary) return id;
  const b = policyEffects([boundary], req);
  return {
    allow: and3(id.allow, b.allow),
    deny: or3(id.deny, b.deny),
    undecided: [...id.undecided, ...b.undecided],
  };
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
  return decisionOf(identityEffects(identity, boundary, req));
}
