import type { PolicyRequest } from './policyEval';

/**
 * A `*` or `?` that came from a policy variable or from `${*}`/`${?}` is a
 * literal character, not a wildcard: it is carried through matching as
 * one of these private-use characters.
 *
 * @internal
 */
export const LITERAL_STAR = '\uE000';
/** @internal */
export const LITERAL_QUESTION = '\uE001';

/** Turn the literal markers back into the characters they stand for. @internal */
export function decodeLiterals(text: string): string {
  return text.replace(/\uE000/g, '*').replace(/\uE001/g, '?');
}

function literal(text: string): string {
  return text.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_QUESTION);
}

const VARIABLE = /\$\{([^}]*)\}/g;
const SPECIAL: Record<string, string> = {
  '*': LITERAL_STAR,
  '?': LITERAL_QUESTION,
  $: '$',
};

/** The value of one `${key}` or `${key, 'default'}`, or undefined when it is not known. */
function valueOf(inner: string, req: PolicyRequest): string | undefined {
  const special = SPECIAL[inner.trim()];
  if (special !== undefined) return special;
  const m = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
  if (!m) return undefined;
  const key = m[1].toLowerCase();
  const values = req.context?.[key];
  if (values && values.length === 1) return literal(values[0]);
  if (values && values.length > 1) return undefined; // multivalued: no single substitution
  const absent = req.absentKeys?.includes(key) || req.absentKey?.(key) === true;
  // IAM substitutes the default only when the key is absent (IAM User Guide,
  // "IAM policy elements: Variables and tags", "Specifying default values").
  return absent && m[2] !== undefined ? literal(m[2]) : undefined;
}

/**
 * Substitute the policy variables of a `Resource` or condition value.
 * Variables exist only in policies of `Version: 2012-10-17`; in older ones
 * (or without Version) `${...}` is literal text (IAM User Guide, "IAM JSON
 * policy elements: Version"). Returns undefined when a variable's value is
 * not known from the request: the caller leaves the match undecided
 * rather than guess it.
 *
 * @internal
 */
export function substituteVariables(
  pattern: string,
  req: PolicyRequest,
  version: string | undefined,
): string | undefined {
  if (version !== '2012-10-17' || !pattern.includes('${')) return pattern;
  let unknown = false;
  const out = pattern.replace(VARIABLE, (_, inner: string) => {
    const v = valueOf(inner, req);
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown ? undefined : out;
}
