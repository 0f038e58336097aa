import { asArray, asRecord } from './k8sJson';

/**
 * A policy document as IAM returns it (URL-encoded JSON), as raw JSON, or
 * already parsed.
 *
 * @public
 */
export type PolicyInput = string | Record<string, unknown>;

/** Principal block of a resource or trust policy statement. @public */
export type PolicyPrincipal = '*' | Record<string, string[]>;

/**
 * One normalised statement: single values become arrays, keys keep their
 * meaning. Exactly one of actions/notActions and of resources/notResources
 * is set in a valid identity statement.
 *
 * @public
 */
export interface PolicyStatement {
  /** Statement id, if any. */
  sid?: string;
  /** `Allow` or `Deny`. */
  effect: 'Allow' | 'Deny';
  /** `Action` patterns. */
  actions?: string[];
  /** `NotAction` patterns. */
  notActions?: string[];
  /** `Resource` ARN patterns. */
  resources?: string[];
  /** `NotResource` ARN patterns. */
  notResources?: string[];
  /** `Principal` block. */
  principal?: PolicyPrincipal;
  /** `NotPrincipal` block. */
  notPrincipal?: PolicyPrincipal;
  /** operator → condition key → values. */
  conditions: Record<string, Record<string, string[]>>;
}

/** A parsed IAM policy document. @public */
export interface PolicyDocument {
  /** Its statements, normalised. */
  statements: PolicyStatement[];
  /**
   * Its `Version`, when it has one: policy variables exist only in
   * `2012-10-17` (IAM User Guide, "IAM JSON policy elements: Version").
   */
  version?: string;
}

/** Result of parsing a policy document: the document, or why it is invalid. @public */
export type PolicyParseResult =
  | { ok: true; policy: PolicyDocument }
  | { ok: false; error: string };

function toStringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  // Array.from fills the holes of a sparse array, which `every` would skip.
  const list = Array.isArray(value) ? Array.from(value) : [value];
  if (list.length === 0 || !list.every(v => typeof v === 'string')) {
    throw new Error(
      `${field} must be a string or a non-empty array of strings`,
    );
  }
  return list as string[];
}

function toPrincipal(
  value: unknown,
  field: string,
): PolicyPrincipal | undefined {
  if (value === undefined) return undefined;
  if (value === '*') return '*';
  const rec = asRecord(value);
  if (!rec) throw new Error(`${field} must be "*" or an object`);
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(rec))
    out[k] = toStringList(v, `${field}.${k}`) ?? [];
  return out;
}

function toConditions(value: unknown): PolicyStatement['conditions'] {
  if (value === undefined) return {};
  const rec = asRecord(value);
  if (!rec) throw new Error('Condition must be an object');
  const out: PolicyStatement['conditions'] = {};
  for (const [op, block] of Object.entries(rec)) {
    const keys = asRecord(block);
    if (!keys) throw new Error(`Condition ${op} must be an object`);
    out[op] = {};
    for (const [key, v] of Object.entries(keys)) {
      const list = Array.isArray(v) ? Array.from(v) : [v];
      out[op][key] = list.map(x => String(x));
    }
  }
  return out;
}

function toStatement(raw: unknown, index: number): PolicyStatement {
  const s = asRecord(raw);
  if (!s) throw new Error(`Statement ${index} is not an object`);
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
    throw new Error(
      `Statement ${index} has Effect ${JSON.stringify(s.Effect)}`,
    );
  }
  const statement: PolicyStatement = {
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect,
    actions: toStringList(s.Action, 'Action'),
    notActions: toStringList(s.NotAction, 'NotAction'),
    resources: toStringList(s.Resource, 'Resource'),
    notResources: toStringList(s.NotResource, 'NotResource'),
    principal: toPrincipal(s.Principal, 'Principal'),
    notPrincipal: toPrincipal(s.NotPrincipal, 'NotPrincipal'),
    conditions: toConditions(s.Condition),
  };
  if (!statement.actions === !statement.notActions) {
    throw new Error(
      `Statement ${index} needs exactly one of Action and NotAction`,
    );
  }
  return statement;
}

function decode(text: string): unknown {
  const trimmed = text.trim();
  // IAM's GetRole/GetRolePolicy return RFC 3986 URL-encoded JSON.
  const json =
    trimmed.startsWith('%7B') || trimmed.startsWith('%7b')
      ? decodeURIComponent(trimmed)
      : trimmed;
  return JSON.parse(json);
}

/**
 * Parse and normalise a policy document. Never throws: a malformed
 * document yields `{ ok: false, error }` naming what is wrong.
 *
 * @public
 */
export function parsePolicy(input: unknown): PolicyParseResult {
  try {
    const doc = typeof input === 'string' ? decode(input) : input;
    const rec = asRecord(doc);
    if (!rec) return { ok: false, error: 'policy is not a JSON object' };
    if (rec.Statement === undefined)
      return { ok: false, error: 'policy has no Statement' };
    const raw = Array.isArray(rec.Statement)
      ? asArray(rec.Statement)
      : [rec.Statement];
    const statements = raw.map(toStatement);
    const policy: PolicyDocument =
      typeof rec.Version === 'string'
        ? { statements, version: rec.Version }
        : { statements };
    return { ok: true, policy };
  } catch (e) {
    return { ok: false, error: `policy is malformed: ${(e as Error).message}` };
  }
}
