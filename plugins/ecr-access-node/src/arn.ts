import { Tri } from './tri';
import { wildcardMatch } from './wildcard';

/** Split ARNs by ARN (null: fewer than six components), see splitArn. */
const SPLIT = new Map<string, readonly string[] | null>();

/**
 * The six colon-separated components of an ARN
 * (`arn:partition:service:region:account:resource`); the resource part
 * keeps any further colons. Undefined for fewer than six components.
 *
 * @internal
 */
function splitArn(arn: string): readonly string[] | undefined {
  let parts = SPLIT.get(arn);
  if (parts === undefined) {
    const all = arn.split(':');
    parts =
      all.length < 6 ? null : [...all.slice(0, 5), all.slice(5).join(':')];
    // Policies repeat the same few patterns and an audit asks about each resource a dozen
    // times (the pull and write probes): splitting them again was a tenth of its CPU.
    if (SPLIT.size > 10_000) SPLIT.clear();
    SPLIT.set(arn, parts);
  }
  return parts ?? undefined;
}

/**
 * `ArnEquals` and `ArnLike` (they are the same operator): each of the six
 * components is compared separately, and each may hold `*` and `?`
 * wildcards (IAM User Guide, "IAM JSON policy elements: Condition
 * operators", "Amazon Resource Name (ARN) condition operators"). A pattern
 * or value with fewer than six components matches nothing.
 *
 * @internal
 */
export function arnLike(pattern: string, value: string): boolean {
  const p = splitArn(pattern);
  const v = splitArn(value);
  if (!p || !v) return false;
  return p.every((part, i) => wildcardMatch(part, v[i]));
}

/**
 * Does a `Resource`/`NotResource` pattern cover a resource ARN? Wildcards
 * match within each ARN component ("IAM JSON policy elements: Resource",
 * "Using wildcards in resource ARNs"). The same page also says that a `*`
 * ending a component "can expand to match beyond the colon boundaries",
 * which makes patterns with fewer than six components (`arn:aws:ecr:*`)
 * ambiguous; such a match is left undecided rather than guessed either way.
 * Actions without resource types take only `*` (`ecr:GetAuthorizationToken`).
 *
 * @internal
 */
export function resourceMatch(pattern: string, resource: string): Tri {
  if (/^\*+$/.test(pattern)) return 'true';
  if (resource === '*') return 'false';
  return arnMatch(pattern, resource);
}

/**
 * Component-wise ARN match ({@link arnLike}); when only a match across colon
 * boundaries would succeed (a pattern or value of fewer than six
 * components), undecided.
 *
 * @internal
 */
function arnMatch(pattern: string, value: string): Tri {
  if (arnLike(pattern, value)) return 'true';
  return wildcardMatch(pattern, value) ? 'undecided' : 'false';
}
