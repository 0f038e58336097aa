import { K8sObject } from './types';

/**
 * Label and field selectors with the grammar of apimachinery's
 * `labels.Parse` / `fields.ParseSelector`: `a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x,y)`, `a` (exists), `!a` (does not exist).
 */
type LabelRequirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: string[] };

export class SelectorError extends Error {}

/** Splits on commas that are not inside `( … )`. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(t => t.length > 0);
}

const KEY = '[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?';

export function parseLabelSelector(text: string): LabelRequirement[] {
  return splitTerms(text).map(term => {
    let match = new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`).exec(
      term,
    );
    if (match) {
      const values = match[4]
        .split(',')
        .map(v => v.trim())
        .filter(Boolean);
      return { key: match[1], op: match[3] as 'in' | 'notin', values };
    }
    match = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)$`).exec(
      term,
    );
    if (match) {
      const op = match[3] === '!=' ? 'notin' : 'in';
      return { key: match[1], op, values: [match[4]] };
    }
    match = new RegExp(`^(!?)\\s*(${KEY})$`).exec(term);
    if (match) {
      return { key: match[2], op: match[1] ? 'notexists' : 'exists' };
    }
    throw new SelectorError(`unable to parse requirement: "${term}"`);
  });
}

export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const actual = labels ?? {};
  return requirements.every(req => {
    const has = Object.prototype.hasOwnProperty.call(actual, req.key);
    switch (req.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && req.values.includes(actual[req.key]);
      case 'notin':
        // `a!=b` and `a notin (b)` also match objects without the label.
        return !has || !req.values.includes(actual[req.key]);
      default:
        return false;
    }
  });
}

interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

/** Fields each kind supports in field selectors (apiserver registry `GetAttrs`). */
const FIELDS_BY_KIND: Record<
  string,
  Record<string, (o: K8sObject) => string | undefined>
> = {
  Secret: { type: o => o.type as string | undefined },
  Pod: {
    'spec.nodeName': o => (o.spec as any)?.nodeName,
    'spec.serviceAccountName': o => (o.spec as any)?.serviceAccountName,
    'status.phase': o => (o.status as any)?.phase,
  },
  Node: {
    'spec.unschedulable': o => String(Boolean((o.spec as any)?.unschedulable)),
  },
  Namespace: { 'status.phase': o => (o.status as any)?.phase },
};

export function parseFieldSelector(
  text: string,
  kind: string,
): FieldRequirement[] {
  return splitTerms(text).map(term => {
    const match = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) {
      throw new SelectorError(
        `invalid selector: '${text}'; can't understand '${term}'`,
      );
    }
    const field = match[1];
    const known =
      field === 'metadata.name' ||
      field === 'metadata.namespace' ||
      Boolean(FIELDS_BY_KIND[kind]?.[field]);
    if (!known) {
      // The API server's exact wording for an unsupported field (400 BadRequest).
      throw new SelectorError(`field label not supported: ${field}`);
    }
    return { field, value: match[3], negate: match[2] === '!=' };
  });
}

export function matchesFields(
  requirements: FieldRequirement[],
  object: K8sObject,
): boolean {
  return requirements.every(req => {
    const actual = fieldValue(req.field, object);
    return req.negate ? actual !== req.value : actual === req.value;
  });
}

function fieldValue(field: string, object: K8sObject): string | undefined {
  if (field === 'metadata.name') return object.metadata.name;
  if (field === 'metadata.namespace') return object.metadata.namespace ?? '';
  return FIELDS_BY_KIND[object.kind ?? '']?.[field]?.(object);
}
