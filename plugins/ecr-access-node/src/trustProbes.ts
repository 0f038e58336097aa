import type { PolicyDocument, PolicyStatement } from './policyDocument';
import { policyEffects, PolicyRequest, RequestPrincipal } from './policyEval';
import { coversAtAll, PrincipalCover } from './principalMatch';
import { Tri } from './tri';
import type { TrustProblem } from './trust';

/**
 * Breadth of an IRSA trust policy, decided by probing the evaluator: the
 * policy is too broad when the effective evaluation (its Allows minus its
 * Denies, conditions included; IAM User Guide, "Policy evaluation logic")
 * admits a caller other than the ServiceAccount it is checked for. The
 * probes are that caller's neighbours: another ServiceAccount of the same
 * namespace, one of another namespace, the ServiceAccounts a `…Like`
 * pattern of the policy matches, the same ServiceAccount's token for
 * another audience, a token of another identity provider, and an arbitrary
 * AWS principal calling sts:AssumeRole (in the role's account and in
 * another). A probe that may or may not get in is undecided, never guessed.
 */

/** Who the trust policy is checked for, as the probes need it. */
export interface ProbeTarget {
  accountId: string;
  partition: string;
  /** The issuer host/path, without scheme, as configured. */
  issuer: string;
  /** The cluster's OIDC provider ARN in the role's account. */
  provider: string;
  namespace: string;
  serviceAccount: string;
  /** The audience the IRSA webhook and credential provider request. */
  audience: string;
}

/** What the probes found. */
interface BreadthReport {
  /** Breadth problems, from the probes that got in. */
  problems: TrustProblem[];
  /** When no probe got in but some may: the conditions that decide. */
  undecided: string[];
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

const subOf = (namespace: string, name: string) =>
  `system:serviceaccount:${namespace}:${name}`;

/** AssumeRoleWithWebIdentity with a token of this issuer carrying `sub` and `aud`. */
export function webIdentityRequest(
  t: Pick<ProbeTarget, 'issuer' | 'provider'>,
  sub: string,
  aud: string,
): PolicyRequest {
  const issuer = t.issuer.toLowerCase();
  return {
    action: 'sts:AssumeRoleWithWebIdentity',
    principal: { type: 'Federated', arn: t.provider },
    context: { [`${issuer}:sub`]: [sub], [`${issuer}:aud`]: [aud] },
    absentKey: key => isOtherProviderKey(key, issuer),
  };
}

/** Names no ServiceAccount of the policy is likely to have; never the target's own. */
const PROBE_NAME = 'ecr-access-probe';
const PROBE_AUDIENCE = 'ecr-access-probe.invalid';
const PROBE_ISSUER = 'ecr-access-probe.invalid/id/PROBE';
const notEqual = (name: string, own: string) =>
  name === own ? `${name}-2` : name;

/** A Kubernetes ServiceAccount token subject (namespace and name are DNS names). */
const SA_SUB =
  /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function conditionsOn(
  statements: PolicyStatement[],
  key: string,
): Array<{ op: string; values: string[] }> {
  const out: Array<{ op: string; values: string[] }> = [];
  for (const s of statements) {
    for (const [op, keys] of Object.entries(s.conditions)) {
      for (const [k, values] of Object.entries(keys)) {
        if (k.toLowerCase() === key) out.push({ op, values });
      }
    }
  }
  return out;
}

const isLike = (op: string) => /like/i.test(op);
const hasWildcard = (v: string) => /[*?]/.test(v) && !v.includes('${');

/**
 * Values a `…Like` pattern matches, other than the target's own: every `*`
 * and `?` filled with one letter, two letters so that one of them differs.
 */
function witnesses(pattern: string): string[] {
  return ['x', 'z'].map(c => pattern.replace(/[*?]/g, c));
}

type SubProbe = {
  sub: string;
  /** How the finding names what got in. */
  label: string;
  namespaceWide?: boolean;
  clusterWide?: boolean;
  /** A value the policy names itself: too broad only beside the target. */
  literal?: boolean;
};

function subProbes(doc: PolicyDocument, t: ProbeTarget): SubProbe[] {
  const own = subOf(t.namespace, t.serviceAccount);
  const probes: SubProbe[] = [
    {
      sub: subOf(t.namespace, notEqual(PROBE_NAME, t.serviceAccount)),
      label: `other ServiceAccounts of namespace ${t.namespace}`,
      namespaceWide: true,
    },
    {
      sub: subOf(notEqual(PROBE_NAME, t.namespace), t.serviceAccount),
      label: 'ServiceAccounts of other namespaces',
      clusterWide: true,
    },
  ];
  const key = `${t.issuer.toLowerCase()}:sub`;
  for (const { op, values } of conditionsOn(doc.statements, key)) {
    for (const v of values) {
      if (isLike(op) && hasWildcard(v)) {
        for (const w of witnesses(v)) probes.push({ sub: w, label: v });
      } else if (!/[*?$]/.test(v)) {
        probes.push({ sub: v, label: v, literal: true });
      }
    }
  }
  const seen = new Set([own]);
  return probes.filter(p => {
    if (seen.has(p.sub) || !SA_SUB.test(p.sub)) return false;
    seen.add(p.sub);
    return true;
  });
}

/** The audiences to try: the IRSA one, the policy's own, and one nobody names. */
function audiences(doc: PolicyDocument, t: ProbeTarget): string[] {
  const out = new Set([t.audience, PROBE_AUDIENCE]);
  const key = `${t.issuer.toLowerCase()}:aud`;
  for (const { op, values } of conditionsOn(doc.statements, key)) {
    for (const v of values) {
      if (isLike(op) && hasWildcard(v)) out.add(witnesses(v)[0]);
      else if (!v.includes('${')) out.add(v);
    }
  }
  return [...out];
}

interface Outcome {
  admitted: Tri;
  notes: string[];
}

/** Whether the policy lets the request in: some Allow applies and no Deny does. */
function admits(
  doc: PolicyDocument,
  req: PolicyRequest,
  grant: (c: PrincipalCover) => Tri = coversAtAll,
): Outcome {
  const e = policyEffects([doc], req, grant);
  if (e.allow === 'false' || e.deny === 'true') {
    return { admitted: 'false', notes: [] };
  }
  if (e.allow === 'true' && e.deny === 'false') {
    return { admitted: 'true', notes: [] };
  }
  return { admitted: 'undecided', notes: e.undecided };
}

/** The Allow statements that let the request in on their own (Denies still apply). */
function admittingAllows(
  doc: PolicyDocument,
  req: PolicyRequest,
): PolicyStatement[] {
  const denies = doc.statements.filter(s => s.effect === 'Deny');
  return doc.statements.filter(
    s =>
      s.effect === 'Allow' &&
      admits({ ...doc, statements: [s, ...denies] }, req).admitted === 'true',
  );
}

/** Any of the outcomes: true wins, then undecided (with its notes). */
function anyOf(outcomes: Outcome[]): Outcome {
  if (outcomes.some(o => o.admitted === 'true')) {
    return { admitted: 'true', notes: [] };
  }
  const open = outcomes.filter(o => o.admitted === 'undecided');
  return open.length
    ? { admitted: 'undecided', notes: open.flatMap(o => o.notes) }
    : { admitted: 'false', notes: [] };
}

/** An arbitrary AWS principal's sts:AssumeRole, in the role's account or another. */
function awsProbes(t: ProbeTarget): PolicyRequest[] {
  const other =
    t.accountId === '000000000000' ? '000000000001' : '000000000000';
  return [t.accountId, other].map(accountId => {
    const arn = `arn:${t.partition}:iam::${accountId}:role/${PROBE_NAME}`;
    const principal: RequestPrincipal = { type: 'AWS', arn, accountId };
    return {
      action: 'sts:AssumeRole',
      principal,
      context: {
        'aws:principalarn': [arn],
        'aws:principalaccount': [accountId],
      },
      absentKey: key => isOtherProviderKey(key, ''),
    };
  });
}

/** A token of another identity provider registered in the role's account. */
function otherIssuerProbe(t: ProbeTarget): PolicyRequest {
  const issuer = PROBE_ISSUER.toLowerCase();
  return {
    action: 'sts:AssumeRoleWithWebIdentity',
    principal: {
      type: 'Federated',
      arn: `arn:${t.partition}:iam::${t.accountId}:oidc-provider/${PROBE_ISSUER}`,
    },
    context: {
      [`${issuer}:sub`]: [subOf(t.namespace, t.serviceAccount)],
      [`${issuer}:aud`]: [t.audience],
    },
    absentKey: key => isOtherProviderKey(key, issuer),
  };
}

function subDetails(
  doc: PolicyDocument,
  t: ProbeTarget,
  admitted: Array<{ probe: SubProbe; req: PolicyRequest }>,
): TrustProblem[] {
  const key = `${t.issuer.toLowerCase()}:sub`;
  const allows = new Set<PolicyStatement>();
  for (const { req } of admitted) {
    for (const s of admittingAllows(doc, req)) allows.add(s);
  }
  const conditions = conditionsOn([...allows], key);
  const wide = (f: (p: SubProbe) => boolean | undefined) =>
    admitted.some(({ probe }) => f(probe));
  if (
    conditions.length === 0 &&
    wide(p => p.namespaceWide) &&
    wide(p => p.clusterWide)
  ) {
    return [
      {
        kind: 'missing-sub',
        detail:
          'no condition on :sub admits every ServiceAccount of the cluster',
      },
    ];
  }
  const details = conditions.length
    ? conditions.map(({ op, values }) => {
        const wild = values.filter(hasWildcard);
        return `:sub ${op} ${(isLike(op) && wild.length ? wild : values).join(
          ', ',
        )}`;
      })
    : [
        `:sub admits ${[...new Set(admitted.map(a => a.probe.label))].join(
          ', ',
        )}`,
      ];
  return [...new Set(details)].map(detail => ({
    kind: 'wildcard-sub' as const,
    detail,
  }));
}

/**
 * Probe the trust policy around the target. `targetAdmitted` says whether
 * the target itself is admitted: a ServiceAccount the policy names itself
 * makes it too broad only beside the target (a policy naming another one
 * alone is a mismatch, not breadth).
 */
export function probeBreadth(
  doc: PolicyDocument,
  t: ProbeTarget,
  targetAdmitted: boolean,
): BreadthReport {
  const notes: string[] = [];
  const problems: TrustProblem[] = [];
  const note = (o: Outcome) => {
    if (o.admitted === 'undecided') notes.push(...o.notes);
    return o.admitted === 'true';
  };

  // Principal "*" (or {"AWS": "*"}) reaching callers other than this issuer's tokens.
  const star = (c: PrincipalCover) => c.star;
  const strangers = [
    admits(doc, otherIssuerProbe(t)),
    ...awsProbes(t).map(req => admits(doc, req, star)),
  ];
  if (strangers.map(note).some(Boolean)) {
    problems.push({
      kind: 'principal-star',
      detail: 'a statement allows Principal "*"',
    });
  }

  // Other ServiceAccounts, with any audience the policy may accept.
  const auds = audiences(doc, t);
  const admittedSubs: Array<{ probe: SubProbe; req: PolicyRequest }> = [];
  for (const probe of subProbes(doc, t)) {
    if (probe.literal && !targetAdmitted) continue;
    const tries = auds.map(aud => webIdentityRequest(t, probe.sub, aud));
    const outcomes = tries.map(req => admits(doc, req));
    if (note(anyOf(outcomes))) {
      const i = outcomes.findIndex(o => o.admitted === 'true');
      admittedSubs.push({ probe, req: tries[i] });
    }
  }
  if (admittedSubs.length) problems.push(...subDetails(doc, t, admittedSubs));

  // A token for an audience the policy does not name.
  const own = subOf(t.namespace, t.serviceAccount);
  const subs = [
    own,
    ...subProbes(doc, t)
      .filter(p => targetAdmitted || !p.literal)
      .map(p => p.sub),
  ];
  const otherAudience = anyOf(
    subs.map(sub => admits(doc, webIdentityRequest(t, sub, PROBE_AUDIENCE))),
  );
  if (note(otherAudience)) {
    problems.push({
      kind: 'missing-aud',
      detail: `no condition requires :aud = ${t.audience}`,
    });
  }

  return {
    problems,
    undecided: problems.length ? [] : [...new Set(notes)],
  };
}
