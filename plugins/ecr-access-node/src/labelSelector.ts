/**
 * Label selectors as the Kubernetes plugin's `backstage.io/kubernetes-label-selector`
 * annotation writes them: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`,
 * comma-separated (k8s.io/apimachinery `labels.Parse`).
 */

// A label key: an optional DNS-subdomain prefix and `/`, then a name of up to 63 characters
// (alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric). A value: the same as a
// name, or empty. (Kubernetes "Syntax and character set" of labels.)
const NAME = '[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const KEY = `(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?/)?${NAME}`;
const VALUE = `(?:${NAME})?`;

const SET_BASED = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);
const VALUE_ONLY = new RegExp(`^${VALUE}$`);

type Requirement = (labels: Record<string, string>) => boolean;

/** Splits at the commas between requirements, not those inside `( )`. */
function splitRequirements(selector: string): string[] | string {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth < 0 || depth > 1) return 'unbalanced parentheses';
    if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return 'unbalanced parentheses';
  parts.push(selector.slice(start));
  return parts.map(p => p.trim());
}

function parseRequirement(req: string): Requirement | string {
  if (req === '')
    return 'an empty requirement (two commas, or a comma at an end)';
  let m = SET_BASED.exec(req);
  if (m) {
    const values = m[3].split(',').map(v => v.trim());
    const bad = values.find(v => v === '' || !VALUE_ONLY.test(v));
    if (bad !== undefined) {
      return `'${req}' has an invalid value list`;
    }
    const [key, op] = [m[1], m[2]];
    return labels => {
      const has = key in labels && values.includes(labels[key]);
      return op === 'in' ? has : !has;
    };
  }
  m = EQUALITY.exec(req);
  if (m) {
    const [key, op, value] = [m[1], m[2], m[3]];
    return labels => (labels[key] === value) !== (op === '!=');
  }
  m = EXISTS.exec(req);
  if (m) {
    const [negated, key] = [m[1] === '!', m[2]];
    return labels => key in labels !== negated;
  }
  return `'${req}' is not a label requirement (key=value, key!=value, key in (a,b), key notin (a), key or !key)`;
}

/**
 * Parses a label selector; a string says why it cannot be parsed (the audit reports an
 * unparsable annotation as `INPUT_MALFORMED` rather than "no workloads found").
 */
function parseLabelSelector(
  selector: string,
):
  | { matches: (labels: Record<string, string>) => boolean }
  | { problem: string } {
  if (selector.trim() === '') return { problem: 'it is empty' };
  if (selector.length > 4096)
    return { problem: 'it is longer than 4096 characters' };
  const parts = splitRequirements(selector);
  if (typeof parts === 'string') return { problem: parts };
  const requirements: Requirement[] = [];
  for (const part of parts) {
    const parsed = parseRequirement(part);
    if (typeof parsed === 'string') return { problem: parsed };
    requirements.push(parsed);
  }
  return { matches: labels => requirements.every(r => r(labels)) };
}

/**
 * Why a label selector cannot be parsed, or `undefined` when it can.
 *
 * @public
 */
export function labelSelectorProblem(selector: string): string | undefined {
  const parsed = parseLabelSelector(selector);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/**
 * Match labels against a label selector. An unparsable selector matches nothing (the audit
 * reports it with {@link labelSelectorProblem}).
 */
export function matchesLabelSelector(
  selector: string,
  labels: Record<string, string>,
): boolean {
  const parsed = parseLabelSelector(selector);
  return 'matches' in parsed && parsed.matches(labels);
}
