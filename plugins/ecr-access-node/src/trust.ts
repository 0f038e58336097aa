import { normalizeIssuer } from './iamFacts';
import {
  PolicyDocument,
  PolicyInput,
  PolicyStatement,
  parsePolicy,
} from './policyDocument';
import {
  PolicyDecision,
  policyEffects,
  PolicyRequest,
  wildcardMatch,
} from './policyEval';

/** The audience the IRSA webhook and the credential provider request (EKS user guide). @public */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';

/** Kind of problem found in an IRSA trust policy. @public */
export type TrustProblemKind =
  | 'principal-star'
  | 'missing-sub'
  | 'wildcard-sub'
  | 'missing-aud'
  | 'other-issuer'
  | 'sub-mismatch'
  | 'aud-mismatch'
  | 'no-web-identity'
  | 'explicit-deny';

/** A problem found in an IRSA trust policy. @public */
export interface TrustProblem {
  /** What kind of problem. */
  kind: TrustProblemKind;
  /** Human-readable description. */
  detail: string;
}

/**
 * What an IRSA trust policy says about one ServiceAccount.
 *
 * @public
 */
export interface TrustAnalysis {
  /**
   * Whether the policy lets this ServiceAccount assume the role:
   * `explicit-deny` when a Deny applies, `implicit-deny` when no Allow
   * admits it (whether or not a conditional Deny would also apply),
   * `undecided` when an Allow may admit it or a Deny may refuse it.
   */
  decision: PolicyDecision;
  /** Breadth problems (too broad) and, when not admitted, the reasons. */
  problems: TrustProblem[];
  /** Conditions that could not be decided. */
  undecided: string[];
  /** Set when the document could not be parsed. */
  error?: string;
}

/** The ServiceAccount and cluster an IRSA trust policy is checked for. @public */
export interface TrustSubject {
  /** Account of the role, where the OIDC provider must exist. */
  accountId: string;
  /** AWS partition of the role (e.g. `aws`). */
  partition: string;
  /** The cluster's OIDC issuer URL (with or without https://). */
  issuer: string;
  /** Namespace of the ServiceAccount. */
  namespace: string;
  /** Name of the ServiceAccount. */
  serviceAccount: string;
}

/** `arn:<partition>:iam::<acct>:oidc-provider/<issuer host/path>`. @public */
export function oidcProviderArn(
  s: Pick<TrustSubject, 'accountId' | 'partition' | 'issuer'>,
): string {
  return `arn:${s.partition}:iam::${
    s.accountId
  }:oidc-provider/${normalizeIssuer(s.issuer)}`;
}

function conditionValues(
  s: PolicyStatement,
  key: string,
): Array<{ op: string; values: string[] }> {
  const out: Array<{ op: string; values: string[] }> = [];
  for (const [op, keys] of Object.entries(s.conditions)) {
    for (const [k, values] of Object.entries(keys)) {
      if (k.toLowerCase() === key.toLowerCase()) out.push({ op, values });
    }
  }
  return out;
}

function isWebIdentity(s: PolicyStatement): boolean {
  return (s.actions ?? []).some(a =>
    wildcardMatch(a, 'sts:AssumeRoleWithWebIdentity', true),
  );
}

function federatedOf(s: PolicyStatement): string[] {
  return s.principal && s.principal !== '*' ? s.principal.Federated ?? [] : [];
}

function isStar(s: PolicyStatement): boolean {
  return (
    s.principal === '*' ||
    (s.principal?.AWS ?? []).includes('*') ||
    federatedOf(s).includes('*')
  );
}

/** Breadth of the Allow statements that federate this issuer (or anyone). */
function breadthProblems(
  doc: PolicyDocument,
  subject: TrustSubject,
): TrustProblem[] {
  const issuer = normalizeIssuer(subject.issuer);
  const provider = oidcProviderArn(subject);
  const problems: TrustProblem[] = [];
  for (const s of doc.statements.filter(st => st.effect === 'Allow')) {
    if (isStar(s)) {
      problems.push({
        kind: 'principal-star',
        detail: 'a statement allows Principal "*"',
      });
      continue;
    }
    if (!isWebIdentity(s) || !federatedOf(s).includes(provider)) continue;
    const subs = conditionValues(s, `${issuer}:sub`);
    if (subs.length === 0) {
      problems.push({
        kind: 'missing-sub',
        detail:
          'no condition on :sub admits every ServiceAccount of the cluster',
      });
    }
    for (const { op, values } of subs) {
      const wild = values.filter(v => /[*?]/.test(v));
      if (/like/i.test(op) && wild.length) {
        problems.push({
          kind: 'wildcard-sub',
          detail: `:sub ${op} ${wild.join(', ')}`,
        });
      }
    }
    if (conditionValues(s, `${issuer}:aud`).length === 0) {
      problems.push({
        kind: 'missing-aud',
        detail: `no condition requires :aud = ${IRSA_AUDIENCE}`,
      });
    }
  }
  return problems;
}

/** Whether any value of a :sub or :aud condition accepts the wanted value. */
function conditionAccepts(
  conditions: Array<{ op: string; values: string[] }>,
  wanted: string,
): boolean {
  return conditions.some(({ op, values }) =>
    values.some(v =>
      /like/i.test(op) ? wildcardMatch(v, wanted) : v === wanted,
    ),
  );
}

/** What one web-identity statement requires that this ServiceAccount lacks. */
function statementMismatch(
  s: PolicyStatement,
  subject: TrustSubject,
): TrustProblem | undefined {
  const issuer = normalizeIssuer(subject.issuer);
  const provider = oidcProviderArn(subject);
  const federated = federatedOf(s);
  if (federated.length && !federated.includes(provider)) {
    const detail = `trusts ${federated.join(', ')}, not ${provider}`;
    return { kind: 'other-issuer', detail };
  }
  const sub = `system:serviceaccount:${subject.namespace}:${subject.serviceAccount}`;
  const subs = conditionValues(s, `${issuer}:sub`);
  if (subs.length && !conditionAccepts(subs, sub)) {
    const detail = `admits ${subs.flatMap(c => c.values).join(', ')}`;
    return { kind: 'sub-mismatch', detail };
  }
  const auds = conditionValues(s, `${issuer}:aud`);
  if (auds.length && !conditionAccepts(auds, IRSA_AUDIENCE)) {
    const detail = `requires :aud ${auds
      .flatMap(c => c.values)
      .join(', ')}, not ${IRSA_AUDIENCE}`;
    return { kind: 'aud-mismatch', detail };
  }
  return undefined;
}

/** Why no statement admits this ServiceAccount, for the finding message. */
function mismatchProblems(
  doc: PolicyDocument,
  subject: TrustSubject,
): TrustProblem[] {
  const web = doc.statements.filter(
    s => s.effect === 'Allow' && isWebIdentity(s),
  );
  if (web.length === 0) {
    const detail = 'no statement allows sts:AssumeRoleWithWebIdentity';
    return [{ kind: 'no-web-identity', detail }];
  }
  return web
    .map(s => statementMismatch(s, subject))
    .filter((p): p is TrustProblem => p !== undefined);
}

/**
 * Is a (lower-case) condition key one of another identity provider's keys
 * (`<provider host/path>:<claim>`)? IAM puts only the keys of the provider
 * that issued the token in the request (IAM User Guide, "Available keys for
 * AWS web identity federation"), so another cluster's `:sub` or `:aud` is
 * absent. Service and global keys (`aws:`, `sts:`) have no dot in the prefix.
 */
function isOtherProviderKey(key: string, issuer: string): boolean {
  const i = key.lastIndexOf(':');
  if (i <= 0) return false;
  const prefix = key.slice(0, i);
  return prefix !== issuer && prefix.includes('.');
}

/** The AssumeRoleWithWebIdentity request of this ServiceAccount's token. */
function webIdentityRequest(subject: TrustSubject): PolicyRequest {
  const issuer = normalizeIssuer(subject.issuer).toLowerCase();
  const sub = `system:serviceaccount:${subject.namespace}:${subject.serviceAccount}`;
  return {
    action: 'sts:AssumeRoleWithWebIdentity',
    principal: { type: 'Federated', arn: oidcProviderArn(subject) },
    context: {
      [`${issuer}:sub`]: [sub],
      [`${issuer}:aud`]: [IRSA_AUDIENCE],
    },
    absentKey: key => isOtherProviderKey(key, issuer),
  };
}

/**
 * Analyse an IRSA trust policy for one ServiceAccount of one cluster:
 * principal `Federated` = the cluster's OIDC provider in the role's account
 * (or `"*"`/`{"AWS": "*"}`, which cover every caller), action
 * sts:AssumeRoleWithWebIdentity, `:sub` and `:aud` conditions, and other
 * providers' keys absent. Conditions on other keys are undecided.
 *
 * @public
 */
export function analyseTrust(
  trustPolicy: PolicyInput | unknown,
  subject: TrustSubject,
): TrustAnalysis {
  const parsed = parsePolicy(trustPolicy);
  if (!parsed.ok) {
    return {
      decision: 'undecided',
      problems: [],
      undecided: [],
      error: parsed.error,
    };
  }
  const effects = policyEffects([parsed.policy], webIdentityRequest(subject));
  let decision: PolicyDecision = 'undecided';
  if (effects.deny === 'true') decision = 'explicit-deny';
  else if (effects.allow === 'false') decision = 'implicit-deny';
  else if (effects.allow === 'true' && effects.deny === 'false')
    decision = 'allow';
  const problems = breadthProblems(parsed.policy, subject);
  if (decision === 'explicit-deny') {
    const detail = 'a Deny statement refuses its token';
    problems.push({ kind: 'explicit-deny', detail });
  } else if (decision === 'implicit-deny') {
    problems.push(...mismatchProblems(parsed.policy, subject));
  }
  const undecided =
    decision === 'undecided' ? [...new Set(effects.undecided)] : [];
  return { decision, problems, undecided };
}
