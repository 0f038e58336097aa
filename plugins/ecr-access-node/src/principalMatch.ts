import type { PolicyPrincipal } from './policyDocument';
import type { RequestPrincipal } from './policyEval';
import { or3, someTri, Tri } from './tri';

/**
 * How a `Principal` block covers the caller, by the kind of entry that does
 * (IAM User Guide, "AWS JSON policy elements: Principal"): `star` for
 * `"*"` or `{"AWS": "*"}` (everyone, web identities included), `named` for
 * the caller's own role ARN or one of its sessions, `account` for the
 * caller's account (root ARN or bare id), which delegates to the account's
 * own policies rather than granting by itself.
 */
export interface PrincipalCover {
  /** Covered by `"*"` or `{"AWS": "*"}`. */
  star: Tri;
  /** Covered by the caller's own ARN (or, undecided, a session of it). */
  named: Tri;
  /** Covered by the caller's account. */
  account: Tri;
}

const NONE: PrincipalCover = {
  star: 'false',
  named: 'false',
  account: 'false',
};

/** Any kind of cover. @internal */
export function coversAtAll(c: PrincipalCover): Tri {
  return or3(c.star, c.named, c.account);
}

function roleName(roleArn: string): string | undefined {
  return /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(roleArn)?.[1];
}

/** One `AWS` entry against a role's session. */
function awsEntry(entry: string, who: RequestPrincipal & { type: 'AWS' }) {
  const partition = /^arn:([^:]+):/.exec(who.arn)?.[1] ?? 'aws';
  if (entry === '*') return { ...NONE, star: 'true' as Tri };
  if (entry === who.arn) return { ...NONE, named: 'true' as Tri };
  if (
    entry === who.accountId ||
    entry === `arn:${partition}:iam::${who.accountId}:root`
  ) {
    return { ...NONE, account: 'true' as Tri };
  }
  // A session of the role: its session name is not known here.
  const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(
    entry,
  );
  if (session) {
    const mine =
      session[1] === who.accountId && session[2] === roleName(who.arn);
    return { ...NONE, named: (mine ? 'undecided' : 'false') as Tri };
  }
  // Principals take no partial wildcards; IAM refuses them, so what one means is not guessed.
  if (/[*?]/.test(entry)) return { ...NONE, named: 'undecided' as Tri };
  return NONE;
}

function merge(covers: PrincipalCover[]): PrincipalCover {
  return {
    star: someTri(covers, c => c.star),
    named: someTri(covers, c => c.named),
    account: someTri(covers, c => c.account),
  };
}

/**
 * How a `Principal` block covers the caller. A web identity (`Federated`
 * caller) is covered by `"*"`, `{"AWS": "*"}` and its own provider ARN; a
 * service principal by `"*"`, `{"AWS": "*"}` and its own name; an
 * IAM role's session by `"*"`, `{"AWS": "*"}`, the role ARN, its sessions
 * (undecided: the session name is unknown) and its account.
 *
 * @internal
 */
export function principalCover(
  block: PolicyPrincipal,
  who: RequestPrincipal,
): PrincipalCover {
  if (block === '*') return { ...NONE, star: 'true' };
  const aws = block.AWS ?? [];
  if (who.type === 'Service') {
    const services = block.Service ?? [];
    return {
      ...NONE,
      star: aws.includes('*') ? 'true' : 'false',
      named: services.includes(who.service) ? 'true' : 'false',
    };
  }
  if (who.type === 'Federated') {
    const federated = block.Federated ?? [];
    return {
      ...NONE,
      star: aws.includes('*') ? 'true' : 'false',
      // `{"Federated": "*"}` is not a documented form: not guessed.
      named: someTri(federated, f => {
        if (f === '*') return 'undecided';
        return f === who.arn ? 'true' : 'false';
      }),
    };
  }
  return merge(aws.map(entry => awsEntry(entry, who)));
}
