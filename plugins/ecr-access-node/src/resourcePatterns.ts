import { resourceMatch } from './arn';
import type { PolicyRequest } from './policyEval';
import { substituteVariables } from './policyVariables';
import { someTri, Tri } from './tri';

/** A statement's `Resource` (or `NotResource`) list, split by how each entry matches. */
interface ResourcePatterns {
  /** Whole ARNs without wildcards or variables: they match only themselves. */
  arns: Set<string>;
  /** Entries of fewer than six components without wildcards: equal is only undecided. */
  short: Set<string>;
  /** The rest (wildcards, policy variables), matched one by one. */
  others: string[];
}

/** What makes an entry more than its literal text (`${` only when followed by a variable). */
const NOT_LITERAL = /[*?\uE000\uE001]|\$\{/;

const INDEXES = new WeakMap<string[], ResourcePatterns>();

/**
 * The list split once (policy documents are parsed once per audit and not changed): a pull
 * role or node role lists hundreds of repositories, and every workload's pull and write
 * probes compared each with each of them.
 */
function patternsOf(list: string[]): ResourcePatterns {
  let index = INDEXES.get(list);
  if (!index) {
    index = { arns: new Set(), short: new Set(), others: [] };
    for (const p of list) {
      if (NOT_LITERAL.test(p)) index.others.push(p);
      else if (p.split(':').length >= 6) index.arns.add(p);
      else index.short.add(p);
    }
    INDEXES.set(list, index);
  }
  return index;
}

/**
 * Does any entry of a `Resource`/`NotResource` list cover the resource ({@link resourceMatch},
 * after the policy's variables are substituted)? The same answer as trying each entry in
 * turn: a literal ARN entry matches exactly when it is the resource itself, and one of fewer
 * than six components is then undecided, never a match.
 *
 * @internal
 */
export function resourceCovered(
  list: string[],
  resource: string,
  req: PolicyRequest,
  version: string | undefined,
): Tri {
  const { arns, short, others } = patternsOf(list);
  if (resource !== '*' && arns.has(resource)) return 'true';
  const rest = someTri(others, p => {
    const pattern = substituteVariables(p, req, version);
    return pattern === undefined
      ? 'undecided'
      : resourceMatch(pattern, resource);
  });
  if (rest !== 'false') return rest;
  return resource !== '*' && short.has(resource) ? 'undecided' : 'false';
}
