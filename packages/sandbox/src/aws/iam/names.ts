import { iamErrors } from '../errors';
import { memberStructs, QueryParams, required } from '../query';

/**
 * IAM's input constraints (API reference, CreateRole/CreatePolicy): names of
 * `[\w+=,.@-]+` up to 64 (roles) or 128 (policies) characters, paths `/` or
 * `/…/` of printable ASCII up to 512, descriptions up to 1,000 characters.
 * Violations answer ValidationError with the service's wording.
 */
const NAME = /^[\w+=,.@-]+$/;
const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;

function constraint(value: string, field: string, rule: string) {
  return iamErrors.validation(
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`,
  );
}

export function checkName(value: string, field: string, max: number): void {
  if (value.length < 1 || value.length > max) {
    throw constraint(
      value,
      field,
      `Member must have length less than or equal to ${max}`,
    );
  }
  if (!NAME.test(value)) {
    throw constraint(
      value,
      field,
      'Member must satisfy regular expression pattern: [\\w+=,.@-]+',
    );
  }
}

function checkPath(value: string, field = 'path'): void {
  if (value.length > 512 || !PATH.test(value)) {
    throw constraint(
      value,
      field,
      'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
    );
  }
}

function checkDescription(value: string | undefined): void {
  if (value !== undefined && value.length > 1000) {
    throw constraint(
      value,
      'description',
      'Member must have length less than or equal to 1000',
    );
  }
}

/** Tags: at most 50 per resource, keys up to 128 and values up to 256 characters. */
export function checkTags(tags: Map<string, string>, entity: string): void {
  if (tags.size > 50) {
    throw iamErrors.limitExceeded(
      `Cannot exceed quota for TagsPerRole: 50 (${entity})`,
    );
  }
  for (const [key, value] of tags) {
    if (
      key.length > 128 ||
      value.length > 256 ||
      key.toLowerCase().startsWith('aws:')
    ) {
      throw iamErrors.invalidInput(`Tag key or value is invalid: ${key}`);
    }
  }
}

/** The `Tags.member.N.Key`/`Value` of a request; a tag without a value has an empty one. */
export function requestTags(params: QueryParams): Map<string, string> {
  return new Map(
    memberStructs(params, 'Tags', ['Key', 'Value']).map(t => [
      t.Key,
      t.Value ?? '',
    ]),
  );
}

/** The parameters CreateRole and CreatePolicy name differently, and the name's length limit. */
const NEW_ENTITY = {
  role: {
    nameParam: 'RoleName',
    field: 'roleName',
    max: 64,
    documentParam: 'AssumeRolePolicyDocument',
  },
  policy: {
    nameParam: 'PolicyName',
    field: 'policyName',
    max: 128,
    documentParam: 'PolicyDocument',
  },
};

/**
 * The name, path and policy document (the trust policy of a role) of a role or policy to
 * create, checked as CreateRole and CreatePolicy do, description included; the path defaults
 * to `/`. The document's own checks differ and stay with each operation.
 */
export function newEntityParams(
  params: QueryParams,
  entity: 'role' | 'policy',
): { name: string; path: string; document: string } {
  const { nameParam, field, max, documentParam } = NEW_ENTITY[entity];
  const name = required(params, nameParam);
  const path = params.get('Path') ?? '/';
  const document = required(params, documentParam);
  checkName(name, field, max);
  checkPath(path);
  checkDescription(params.get('Description'));
  return { name, path, document };
}

/** IAM names are unique per account regardless of case (and of path). */
export function nameTaken(existing: Iterable<string>, name: string): boolean {
  const lower = name.toLowerCase();
  return [...existing].some(n => n.toLowerCase() === lower);
}
