import { normalizeIssuer } from './iamFacts';
import {
  PolicyDocument,
  PolicyInput,
  PolicyStatement,
  parsePolicy,
} from './policyDocument';
import { PolicyDecision, policyEffects } from './policyEval';
import { wildcardMatch } from './wildcard';
import { probeBreadth, ProbeTarget, webIdentityRequest } from './trustProbes';

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
  /**
   * Conditions that could not be decided: when `decision` is `undecided`,
   * those it depends on; otherwise those on which it depends whether the
   * policy admits anyone but this ServiceAccount (no probe got in, some may).
   */
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

function probeTarget(subject: TrustSubject): ProbeTarget {
  return {
    accountId: subject.accountId,
    partition: subject.partition,
    issuer: normalizeIssuer(subject.issuer),
    provider: oidcProviderArn(subject),
    namespace: subject.namespace,
    serviceAccount: subject.serviceAccount,
    audience: IRSA_AUDIENCE,
  };
}

/**
 * Analyse an IRSA trust policy for one ServiceAccount of one cluster:
 * principal `Federated` = the cluster's OIDC provider in the role's account
 * (or `"*"`/`{"AWS": "*"}`, which cover every caller), action
 * sts:AssumeRoleWithWebIdentity, `:sub` and `:aud` conditions, and other
 * providers' keys absent. Conditions on other keys are undecided.
 * Breadth problems come from probing the same evaluation with the callers
 * around this ServiceAccount (see `trustProbes.ts`): the policy is too broad
 * when its Allows minus its Denies admit any of them.
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
  const target = probeTarget(subject);
  const effects = policyEffects(
    [parsed.policy],
    webIdentityRequest(
      target,
      `system:serviceaccount:${subject.namespace}:${subject.serviceAccount}`,
      IRSA_AUDIENCE,
    ),
  );
  let decision: PolicyDecision = 'undecided';
  if (effects.deny === 'true') decision = 'explicit-deny';
  else if (effects.allow === 'false') decision = 'implicit-deny';
  else if (effects.allow === 'true' && effects.deny === 'false')
    decision = 'allow';
  const breadth = probeBreadth(parsed.policy, target, decision === 'allow');
  const problems = [...breadth.problems];
  if (decision === 'explicit-deny') {
    const detail = 'a Deny statement refuses its token';
    problems.push({ kind: 'explicit-deny', detail });
  } else if (decision === 'implicit-deny') {
    problems.push(...mismatchProblems(parsed.policy, subject));
  }
  const undecided =
    decision === 'undecided'
      ? [...new Set(effects.undecided)]
      : breadth.undecided;
  return { decision, problems, undecided };
}
