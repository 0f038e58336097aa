import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * How the provisioning actions name and bound the roles they create (`ecrAccess.provisioning`).
 */
export interface ProvisioningConfig {
  roleNamePrefix: string;
  rolePath: string;
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
}

// IAM CreateRole: Path is `/` or `/…/` of printable ASCII, at most 512 characters.
const ROLE_PATH = /^\/([\x21-\x7E]{0,510}\/)?$/;
// IAM CreateRole RoleName characters ([\w+=,.@-]); the prefix must leave room for a name.
const ROLE_NAME_PREFIX = /^[\w+=,.@-]{0,32}$/;
const POLICY_ARN =
  /^arn:aws(-cn|-us-gov)?:iam::(\d{12}|aws):policy\/[\x21-\x7E]+$/;
// IAM tag rules: key 1-128, value 0-256, letters, spaces, digits and _.:/=+-@; no aws: prefix.
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function invalid(key: string, value: unknown, expected: string): InputError {
  return new InputError(
    `Invalid config at 'ecrAccess.provisioning.${key}': ${JSON.stringify(
      value,
    )} is not ${expected}`,
  );
}

function readTags(config: Config | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  const tagConfig = config?.getOptionalConfig('tags');
  for (const key of tagConfig?.keys() ?? []) {
    const value = tagConfig!.getString(key);
    if (key.length > 128 || !TAG_TEXT.test(key) || /^aws:/i.test(key)) {
      throw invalid(`tags.${key}`, key, 'a valid IAM tag key');
    }
    if (value.length > 256 || !TAG_TEXT.test(value)) {
      throw invalid(`tags.${key}`, value, 'a valid IAM tag value');
    }
    tags[key] = value;
  }
  return tags;
}

/**
 * Reads and validates `ecrAccess.provisioning`; errors name the key.
 */
export function readProvisioningConfig(config: Config): ProvisioningConfig {
  const provisioning = config.getOptionalConfig('ecrAccess.provisioning');
  const roleNamePrefix =
    provisioning?.getOptionalString('roleNamePrefix') ?? '';
  if (!ROLE_NAME_PREFIX.test(roleNamePrefix)) {
    throw invalid(
      'roleNamePrefix',
      roleNamePrefix,
      "at most 32 of IAM's role name characters [A-Za-z0-9_+=,.@-]",
    );
  }
  const rolePath = provisioning?.getOptionalString('rolePath') ?? '/';
  if (!ROLE_PATH.test(rolePath)) {
    throw invalid('rolePath', rolePath, "an IAM path such as '/backstage/'");
  }
  const permissionsBoundaryArn = provisioning?.getOptionalString(
    'permissionsBoundaryArn',
  );
  if (permissionsBoundaryArn && !POLICY_ARN.test(permissionsBoundaryArn)) {
    throw invalid(
      'permissionsBoundaryArn',
      permissionsBoundaryArn,
      'a managed policy ARN',
    );
  }
  return {
    roleNamePrefix,
    rolePath,
    ...(permissionsBoundaryArn && { permissionsBoundaryArn }),
    tags: readTags(provisioning),
  };
}
