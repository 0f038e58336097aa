import { iamErrors } from './errors';

/**
 * IAM's checks on policy documents, close to what the IAM API enforces at
 * write time (CreateRole, UpdateAssumeRolePolicy, PutRolePolicy, CreatePolicy):
 * valid JSON, a known Version, Statement entries with Effect and Action, a
 * Principal in trust policies and none in identity policies, and the size
 * quotas (which IAM counts without whitespace).
 */
type PolicyKind = 'trust' | 'identity';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

/** IAM quotas: trust policy 2,048 characters (ACLSizePerRole), managed policy 6,144, inline per role 10,240 in total. */
export const TRUST_POLICY_MAX = 2048;
export const MANAGED_POLICY_MAX = 6144;
export const INLINE_POLICIES_PER_ROLE_MAX = 10240;

export function policySize(text: string): number {
  return text.replace(/\s/g, '').length;
}

export function parsePolicy(text: string, kind: PolicyKind): PolicyDocument {
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch {
    throw iamErrors.malformedPolicy('This policy contains invalid Json');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw iamErrors.malformedPolicy('Syntax errors in policy.');
  }
  if (
    doc.Version !== undefined &&
    doc.Version !== '2012-10-17' &&
    doc.Version !== '2008-10-17'
  ) {
    throw iamErrors.malformedPolicy(
      'The policy must contain a valid version string',
    );
  }
  // A single statement may be given as an object instead of a list.
  let statements = doc.Statement ?? [];
  if (!Array.isArray(statements)) statements = [statements];
  if (statements.length === 0) {
    throw iamErrors.malformedPolicy('Syntax errors in policy.');
  }
  for (const statement of statements) {
    checkStatement(statement, kind);
  }
  return { Version: doc.Version, Statement: statements };
}

function checkStatement(statement: any, kind: PolicyKind): void {
  if (!statement || typeof statement !== 'object') {
    throw iamErrors.malformedPolicy('Syntax errors in policy.');
  }
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    throw iamErrors.malformedPolicy(
      `Invalid effect: ${String(statement.Effect)}`,
    );
  }
  if (statement.Action === undefined && statement.NotAction === undefined) {
    throw iamErrors.malformedPolicy('Policy statement must contain actions.');
  }
  for (const action of toList(statement.Action ?? statement.NotAction)) {
    if (action !== '*' && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) {
      throw iamErrors.malformedPolicy(
        `Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.`,
      );
    }
  }
  if (kind === 'trust') {
    if (
      statement.Principal === undefined &&
      statement.NotPrincipal === undefined
    ) {
      throw iamErrors.malformedPolicy(
        'AssumeRolepolicy contained an invalid principal: missing Principal.',
      );
    }
    if (statement.Resource !== undefined) {
      throw iamErrors.malformedPolicy('Has prohibited field Resource');
    }
    checkPrincipal(statement.Principal);
  } else {
    if (
      statement.Principal !== undefined ||
      statement.NotPrincipal !== undefined
    ) {
      throw iamErrors.malformedPolicy(
        'Policy document should not specify a principal.',
      );
    }
    if (
      statement.Resource === undefined &&
      statement.NotResource === undefined
    ) {
      throw iamErrors.malformedPolicy(
        'Policy statement must contain resources.',
      );
    }
  }
}

function checkPrincipal(principal: unknown) {
  if (principal === '*') return;
  if (!principal || typeof principal !== 'object') {
    throw iamErrors.malformedPolicy(
      `Invalid principal in policy: ${JSON.stringify(principal)}`,
    );
  }
  for (const [type, values] of Object.entries(
    principal as Record<string, unknown>,
  )) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(type)) {
      throw iamErrors.malformedPolicy(`Invalid principal in policy: "${type}"`);
    }
    for (const value of toList(values as string | string[])) {
      if (
        type === 'Federated' &&
        value.startsWith('arn:') &&
        !/^arn:aws[a-z-]*:iam::\d{12}:(oidc-provider|saml-provider)\/.+$/.test(
          value,
        )
      ) {
        throw iamErrors.malformedPolicy(
          `Invalid principal in policy: "Federated":"${value}"`,
        );
      }
    }
  }
}

export function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Whether a StringEquals/StringLike condition block holds for the given context. */
export function conditionsHold(
  condition: PolicyStatement['Condition'],
  context: Record<string, string>,
): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = context[key];
      const values = toList(expected);
      let ok: boolean;
      if (operator === 'StringEquals')
        ok = actual !== undefined && values.includes(actual);
      else if (operator === 'StringLike')
        ok = actual !== undefined && values.some(v => globMatch(v, actual));
      else if (operator === 'StringNotEquals')
        ok = actual === undefined || !values.includes(actual);
      else ok = false; // operators the sandbox does not evaluate deny, as unknown operators do in IAM.
      if (!ok) return false;
    }
  }
  return true;
}

function globMatch(pattern: string, text: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(text);
}
