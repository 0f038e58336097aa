import { iamErrors } from '../errors';

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

export function checkPath(value: string, field = 'path'): void {
  if (value.length > 512 || !PATH.test(value)) {
    throw constraint(
      value,
      field,
      'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
    );
  }
}

export function checkDescription(value: string | undefined): void {
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

export function roleNameFromArn(arn: string): string {
  return arn.split('/').pop() ?? arn;
}
