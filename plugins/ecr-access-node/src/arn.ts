import { Tri } from './tri';
import { wildcardMatch } from './wildcard';

/**
 * The six colon-separated components of an ARN
 * (`arn:partition:service:region:account:resource`); the resource part
 * keeps any further colons. Undefined for fewer than six components.
 *
 * @internal
 */
function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
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
