/**
 * Match labels against a Kubernetes label selector string, as the
 * Kubernetes plugin's `backstage.io/kubernetes-label-selector` annotation
 * uses it: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`.
 * An unparsable requirement matches nothing.
 *
 * @public
 */
export function matchesLabelSelector(
  selector: string,
  labels: Record<string, string>,
): boolean {
  const requirements = selector.match(/([^,(]+(\([^)]*\))?)/g) ?? [];
  if (selector.trim() === '') return false;
  return requirements.every(r => matchesRequirement(r.trim(), labels));
}

function matchesRequirement(
  req: string,
  labels: Record<string, string>,
): boolean {
  let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(req);
  if (m) {
    const values = m[3].split(',').map(v => v.trim());
    const has = m[1] in labels && values.includes(labels[m[1]]);
    return m[2] === 'in' ? has : !has;
  }
  m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(req);
  if (m) {
    const equal = labels[m[1]] === m[3];
    return m[2] === '!=' ? !equal : equal;
  }
  m = /^(!?)([\w./-]+)$/.exec(req);
  if (m) return m[1] === '!' ? !(m[2] in labels) : m[2] in labels;
  return false;
}
