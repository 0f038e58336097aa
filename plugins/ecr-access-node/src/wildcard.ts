import { LITERAL_QUESTION, LITERAL_STAR } from './policyVariables';

const PATTERNS = new Map<string, RegExp>();

/** Characters that make a pattern more than its literal text. */
const NOT_LITERAL = /[*?\uE000\uE001]/;

function compile(pattern: string, ignoreCase: boolean): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
    .replace(new RegExp(LITERAL_STAR, 'g'), '\\*')
    .replace(new RegExp(LITERAL_QUESTION, 'g'), '\\?');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
}

/**
 * IAM wildcard match: `*` any run of characters, `?` exactly one. A `*` or
 * `?` that came from a policy variable (see `substituteVariables`) matches
 * only itself. Also matches a pull-secret key's host labels (`secretHostMatchesImage`).
 */
export function wildcardMatch(
  pattern: string,
  value: string,
  ignoreCase = false,
): boolean {
  // Most patterns of an audit are whole ARNs or action names, a few are `*`: those need no
  // regular expression, and per workload they were most of this function's cost.
  if (pattern === '*') return true;
  if (!NOT_LITERAL.test(pattern)) {
    if (pattern === value) return true;
    if (!ignoreCase) return false;
  }
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = PATTERNS.get(key);
  if (!re) {
    re = compile(pattern, ignoreCase);
    // Policies repeat the same few patterns; bound the cache all the same.
    if (PATTERNS.size > 5000) PATTERNS.clear();
    PATTERNS.set(key, re);
  }
  return re.test(value);
}
